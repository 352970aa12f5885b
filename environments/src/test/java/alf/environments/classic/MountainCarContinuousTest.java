package alf.environments.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * MountainCarContinuous paths the golden file does not reach (clipped actions, speed and position clips,
 * the goal), checked bit for bit against {@code conformance/mountain_car_numpy2_reference.py}, an
 * independent restatement of the Gymnasium step evaluated by NumPy 2.4.6.
 */
class MountainCarContinuousTest {

    /** {position, velocity, action, expected position, expected velocity, expected reward, terminated}. */
    private static final double[][] NUMPY2_CASES = {
        {-0.5, 0.0, 1.7, -0.4986768364906311, 0.0013231569901108742, -0.289, 0},
        {-0.30000001192092896, -0.0689999982714653, -3.0, -0.3700000047683716, -0.07000000029802322, -0.9, 0},
        {0.4399999976158142, 0.0689999982714653, 0.9, 0.5097295641899109, 0.06972955912351608, 99.919, 1},
        {-1.190000057220459, -0.05999999865889549, 0.5, -1.2000000476837158, 0.0, -0.025, 0},
        {0.5, 0.06949999928474426, 0.8, 0.5699999928474426, 0.07000000029802322, 99.936, 1},
        {0.5, 0.06949999928474426, 1.5, 0.5699999928474426, 0.07000000029802322, 99.775, 1},
        {0.5899999737739563, 0.05000000074505806, 2.0, 0.6000000238418579, 0.051994722336530685, 99.6, 1},
        {0.30000001192092896, 0.06949999928474426, 1.5, 0.3694459795951843, 0.06944597512483597, -0.225, 0},
        {-0.5199999809265137, 0.0013000000035390258, -1.0, -0.5202269554138184, -0.0002269904362037778, -0.1, 0},
        {-0.3125585615634918, 0.02473650872707367, -1.8888077661585532, -0.2908012270927429, 0.021757349371910095, -0.35675947775008643, 0},
        {0.2397831529378891, 0.0009895394323393703, 2.012770002843142, 0.24039210379123688, 0.000608953065238893, -0.40512430843451813, 0},
        {-0.6708965301513672, -0.007910997606813908, 1.52287710895603, -0.6762384176254272, -0.005341868847608566, -0.23191546889822764, 0},
        {-1.171455979347229, 0.008611333556473255, -0.07440333869715943, -1.1606279611587524, 0.010828028433024883, -0.0005535856809284221, 0},
        {-0.8544523119926453, -0.004152616485953331, 0.8562860024256447, -0.8552269339561462, -0.0007746170158497989, -0.07332257179500912, 0},
    };

    @Test
    void matchesNumpy2BitForBitOnClippedAndBoundaryPaths() {
        MountainCarContinuous car = new MountainCarContinuous();
        for (double[] c : NUMPY2_CASES) {
            car.setState(new double[] {c[0], c[1]});
            car.step(new double[] {c[2]});
            String where = "from (" + c[0] + ", " + c[1] + ") with action " + c[2];
            assertArrayEquals(new double[] {c[3], c[4]}, car.state(), 0.0, where);
            assertEquals(c[5], car.reward(), 0.0, where);
            assertEquals(c[6] == 1, car.terminated(), where);
        }
    }

    @Test
    void resetDrawsAFloat32PositionInTheStartIntervalAndZeroVelocity() {
        MountainCarContinuous car = new MountainCarContinuous();
        Rng rng = new Rng(3);
        for (int i = 0; i < 100; i++) {
            car.reset(rng);
            double[] s = car.state();
            assertTrue(s[0] >= (float) -0.6 && s[0] <= (float) -0.4, "position " + s[0]);
            assertEquals((float) s[0], s[0], 0.0);
            assertEquals(0.0, s[1], 0.0);
        }
    }

    @Test
    void rejectsNanAndInfiniteActionsNamingTheTask() {
        MountainCarContinuous car = new MountainCarContinuous();
        car.setState(new double[] {-0.5, 0});
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> car.step(new double[] {bad}));
            assertTrue(e.getMessage().contains(MountainCarContinuous.ID) && e.getMessage().contains(
                    Double.toString(bad)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> car.step(new double[] {0.1, 0.2}));
    }
}
