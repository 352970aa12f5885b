package alf.environments.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.StepType;
import alf.data.TimeStep;
import alf.rl.Environment;
import alf.environments.classic.CartPole;
import alf.environments.classic.ClassicControl;
import alf.environments.classic.Pendulum;
import alf.environments.wrappers.TimeLimit;
import alf.tensor.DType;
import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The batched adapter: TimeStep layout, seeding, auto-reset, discounts, action validation and clipping. */
class SimulatorEnvironmentTest {

    private static Tensor pendulumActions(double... torques) {
        float[] f = new float[torques.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) torques[i];
        }
        return Tensor.of(f, torques.length, 1);
    }

    @Test
    void resetReturnsFirstStepsWithTheSpecsShapes() {
        try (Environment env = ClassicControl.environment(Pendulum.ID, 3, 1)) {
            env.seed(1);
            TimeStep ts = env.reset();
            assertEquals(3, ts.batchSize());
            assertArrayEquals(new int[] {3, 3}, ts.observation().shape());
            assertEquals(DType.FLOAT32, ts.observation().dtype());
            assertArrayEquals(new int[] {3, 1}, ts.prevAction().shape());
            assertArrayEquals(new int[] {0, 1, 2}, ts.envId().toIntArray());
            for (int i = 0; i < 3; i++) {
                assertEquals(StepType.FIRST, ts.stepType(i));
            }
            assertArrayEquals(new float[3], ts.reward().toFloatArray());
            assertArrayEquals(new float[] {1, 1, 1}, ts.discount().toFloatArray());
            assertArrayEquals(new float[3], ts.prevAction().toFloatArray());
            assertEquals(DType.FLOAT32, env.rewardSpec().dtype());
        }
    }

    @Test
    void callOrderIsEnforced() {
        Environment env = ClassicControl.environment(Pendulum.ID, 2, 1);
        IllegalStateException noSeed = assertThrows(IllegalStateException.class, env::reset);
        assertTrue(noSeed.getMessage().contains("seed"), noSeed.getMessage());
        env.seed(0);
        assertThrows(IllegalStateException.class, () -> env.step(pendulumActions(0, 0)));
        env.reset();
        env.close();
        assertThrows(IllegalStateException.class, () -> env.step(pendulumActions(0, 0)));
    }

    @Test
    void sameSeedSameEpisodesDifferentSeedDifferentStartsAndCopiesDiffer() {
        float[] a = firstObservations(7);
        float[] b = firstObservations(7);
        float[] c = firstObservations(8);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        // the copies of one batch start from different states
        assertFalse(a[0] == a[3] && a[1] == a[4]);
    }

    private static float[] firstObservations(long seed) {
        try (Environment env = ClassicControl.environment(Pendulum.ID, 2, 1)) {
            env.seed(seed);
            env.reset();
            return env.step(pendulumActions(0.5, -0.5)).observation().toFloatArray();
        }
    }

    @Test
    void terminationGivesDiscountZeroAndTheNextStepStartsANewEpisodeIgnoringItsAction() {
        SimulatorEnvironment env = new SimulatorEnvironment(i -> ClassicControl.create(CartPole.ID), 2);
        env.seed(3);
        env.reset();
        // Push row 1 to the edge of the angle threshold: one step to the right terminates it.
        CartPole row1 = (CartPole) ((TimeLimit) env.simulator(1)).inner();
        row1.setState(new double[] {0, 0, 0.2094, 1.0});
        TimeStep last = env.step(Tensor.of(new long[] {1, 1}, 2));
        assertEquals(StepType.MID, last.stepType(0));
        assertEquals(StepType.LAST, last.stepType(1));
        assertArrayEquals(new float[] {1, 0}, last.discount().toFloatArray());
        assertArrayEquals(new float[] {1, 1}, last.reward().toFloatArray());
        assertArrayEquals(new long[] {1, 1}, last.prevAction().toLongArray());

        // Row 1's action (7, out of range) is ignored: the row resets instead of stepping.
        TimeStep first = env.step(Tensor.of(new long[] {0, 7}, 2));
        assertEquals(StepType.MID, first.stepType(0));
        assertEquals(StepType.FIRST, first.stepType(1));
        assertArrayEquals(new float[] {1, 0}, first.reward().toFloatArray());
        assertArrayEquals(new float[] {1, 1}, first.discount().toFloatArray());
        assertArrayEquals(new long[] {0, 0}, first.prevAction().toLongArray());
        double[] s = row1.state();
        for (double v : s) {
            assertTrue(Math.abs(v) <= 0.05, "reset state " + v);
        }
        assertEquals(StepType.MID, env.step(Tensor.of(new long[] {0, 1}, 2)).stepType(1));
    }

    @Test
    void timeLimitTruncationKeepsDiscountOneAndThenResets() {
        try (Environment env = ClassicControl.environment(Pendulum.ID, 1, 1)) {
            env.seed(5);
            env.reset();
            TimeStep ts = null;
            for (int t = 1; t <= Pendulum.MAX_EPISODE_STEPS; t++) {
                ts = env.step(pendulumActions(1.0));
                assertEquals(t == Pendulum.MAX_EPISODE_STEPS ? StepType.LAST : StepType.MID, ts.stepType(0),
                        "step " + t);
                assertEquals(1.0f, ts.discount().toFloatArray()[0]);
            }
            assertTrue(ts.isLast(0));
            assertTrue(env.step(pendulumActions(1.0)).isFirst(0));
            assertEquals(StepType.MID, env.step(pendulumActions(1.0)).stepType(0));
        }
    }

    @Test
    void observationsAreTheSimulatorsFloat32ObservationsAndPrevActionIsTheAction() {
        SimulatorEnvironment env = new SimulatorEnvironment(i -> new Pendulum(), 2);
        env.seed(11);
        env.reset();
        TimeStep ts = env.step(pendulumActions(0.25, -1.5));
        double[] expected = new double[6];
        env.simulator(0).observe(expected, 0);
        env.simulator(1).observe(expected, 3);
        float[] obs = ts.observation().toFloatArray();
        for (int k = 0; k < 6; k++) {
            assertEquals((float) expected[k], obs[k], 0.0f);
        }
        assertArrayEquals(new float[] {0.25f, -1.5f}, ts.prevAction().toFloatArray());
    }

    @Test
    void outOfBoundsContinuousActionsAreClippedLikeTheReference() {
        float[] clipped = stepPendulumOnce(9.0);
        float[] bound = stepPendulumOnce(2.0);
        assertArrayEquals(bound, clipped);
    }

    private static float[] stepPendulumOnce(double torque) {
        try (Environment env = ClassicControl.environment(Pendulum.ID, 1, 1)) {
            env.seed(2);
            env.reset();
            TimeStep ts = env.step(pendulumActions(torque));
            float[] obs = ts.observation().toFloatArray();
            float[] out = java.util.Arrays.copyOf(obs, obs.length + 1);
            out[obs.length] = ts.reward().toFloatArray()[0];
            return out;
        }
    }

    @Test
    void invalidActionsAreClearErrorsThatLeaveTheEnvironmentUnchanged() {
        SimulatorEnvironment env = new SimulatorEnvironment(i -> ClassicControl.create(CartPole.ID), 3);
        env.seed(9);
        env.reset();
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> env.step(Tensor.of(new long[] {0, 1}, 2))), "CartPole-v1", "[2]", "[3]");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> env.step(Tensor.of(new long[] {0, 2, 1}, 3))), "CartPole-v1", "sub-environment 1", "action 2");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> env.step(Tensor.of(new long[] {-1, 0, 1}, 3))), "sub-environment 0", "action -1");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> env.step(Tensor.of(new float[] {0, 0.5f, 1}, 3))), "CartPole-v1", "integer dtype", "float32");
        // unchanged: stepping now gives what a fresh, identically seeded environment gives
        SimulatorEnvironment fresh = new SimulatorEnvironment(i -> ClassicControl.create(CartPole.ID), 3);
        fresh.seed(9);
        fresh.reset();
        Tensor ok = Tensor.of(new long[] {1, 0, 1}, 3);
        assertArrayEquals(fresh.step(ok).observation().toFloatArray(), env.step(ok).observation().toFloatArray());

        try (Environment pendulum = ClassicControl.environment(Pendulum.ID, 2, 1)) {
            pendulum.seed(1);
            pendulum.reset();
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> pendulum.step(pendulumActions(0.0, Double.NaN))), "Pendulum-v1", "sub-environment 1", "NaN");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> pendulum.step(Tensor.of(new float[] {0, 0}, 2))), "Pendulum-v1", "[2]", "[2, 1]");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> pendulum.step(Tensor.of(new long[] {0, 0}, 2, 1))), "floating dtype", "int64");
        }
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }
}
