package alf.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.distributions.transforms.AffineTransform;
import alf.distributions.transforms.TanhTransform;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Shapes, modes, dtypes and the errors for bad arguments. */
class DistributionContractTest {

    private static void assertRejected(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), "message '" + e.getMessage() + "' lacks '" + message + "'");
    }

    @Test
    void shapesFollowPyTorch() {
        Normal n = new Normal(Tensor.zeros(5, 1, 3), Tensor.ones(4, 1));
        assertArrayEquals(new int[] {5, 4, 3}, n.batchShape());
        Independent ind = new Independent(n, 2);
        assertArrayEquals(new int[] {5}, ind.batchShape());
        assertArrayEquals(new int[] {4, 3}, ind.eventShape());
        assertArrayEquals(new int[] {7, 2, 5, 4, 3}, ind.sample(new Rng(1), 7, 2).shape());
        assertArrayEquals(new int[] {7, 5}, ind.logProb(ind.sample(new Rng(1), 7)).shape());
        assertArrayEquals(new int[] {5}, ind.entropy().shape());

        TransformedDistribution t = new TransformedDistribution(new Independent(new Normal(Tensor.zeros(3),
                Tensor.ones(3)), 1), List.of(new TanhTransform(), new AffineTransform(Tensor.zeros(2, 3),
                Tensor.ones(3))));
        assertArrayEquals(new int[] {2}, t.batchShape(), "affine parameters broadcast the batch");
        assertArrayEquals(new int[] {3}, t.eventShape());
        assertArrayEquals(new int[] {2}, t.logProb(t.rsample(new Rng(2))).shape());
    }

    @Test
    void float32StaysFloat32() {
        Normal n = new Normal(Tensor.zeros(3), Tensor.ones(3));
        assertEquals(DType.FLOAT32, n.rsample(new Rng(1)).dtype());
        assertEquals(DType.FLOAT32, n.logProb(Tensor.zeros(3)).dtype());
        TransformedDistribution t = new TransformedDistribution(n, List.of(new TanhTransform(),
                AffineTransform.of(0.5, 2.0)));
        Tensor y = t.rsample(new Rng(1));
        assertEquals(DType.FLOAT32, y.dtype());
        assertEquals(DType.FLOAT32, t.logProb(y).dtype());
    }

    @Test
    void categoricalLogProbBroadcastsAndChecksIndices() {
        Categorical c = Categorical.fromLogits(Tensor.of(new double[] {0, 1, 2, 3, 2, 1}, 2, 3));
        Tensor v = Tensor.of(new long[] {2, 0, 1, 1, 0, 2}, 3, 2);
        Tensor lp = c.logProb(v);
        assertArrayEquals(new int[] {3, 2}, lp.shape());
        double[] logits = c.logits().toDoubleArray();
        assertEquals(logits[2], lp.get(0, 0), 0.0);
        assertEquals(logits[3], lp.get(0, 1), 0.0);
        assertEquals(logits[5], lp.get(2, 1), 0.0);
        assertEquals(logits[1], c.logProb(Tensor.of(new double[] {1.0, 1.0}, 2)).get(0), 0.0,
                "integral floating actions are accepted");
        assertRejected("class indices in [0, 3), got 3.0", () -> c.logProb(Tensor.of(new long[] {3, 0}, 2)));
        assertRejected("got 0.5", () -> c.logProb(Tensor.of(new double[] {0.5, 0}, 2)));
        assertArrayEquals(new long[] {2, 0}, c.mode().toLongArray());
        assertThrows(UnsupportedOperationException.class, c::mean);
    }

    @Test
    void categoricalFromProbsHasZeroGradientAtZeroProbability() {
        Tensor p = Tensor.of(new double[] {0.25, 0.0, 0.75}, 3).setRequiresGrad(true);
        Categorical c = Categorical.fromProbs(p);
        assertEquals(Double.NEGATIVE_INFINITY, c.logits().get(1));
        c.logProb(Tensor.scalar(2L)).backward();
        // d/dp_j log(p_2 / Σp) = δ_2j/p_2 − 1/Σp
        assertArrayEquals(new double[] {-1, -1, 1 / 0.75 - 1}, p.grad().toDoubleArray(), 1e-15);
        assertEquals(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), c.entropy().item(), 1e-15);
    }

    @Test
    void betaModeCoversEveryRegime() {
        Beta b = new Beta(Tensor.of(new double[] {3, 0.5, 1, 2, 1, 0.5, 1, 0.5}, 8),
                Tensor.of(new double[] {2, 2, 3, 0.5, 0.5, 1, 1, 0.5}, 8));
        double[] m = b.mode().toDoubleArray();
        assertEquals(2.0 / 3.0, m[0], 1e-15);
        assertEquals(0.0, m[1]);
        assertEquals(0.0, m[2]);
        assertEquals(1.0, m[3]);
        assertEquals(1.0, m[4]);
        assertEquals(0.0, m[5]);
        assertTrue(Double.isNaN(m[6]), "uniform: no unique mode");
        assertTrue(Double.isNaN(m[7]), "U-shaped: no unique mode");
        assertThrows(UnsupportedOperationException.class, () -> b.rsample(new Rng(1)));
        assertRejected("value must lie in [0, 1], got 1.5", () -> b.logProb(Tensor.full(DType.FLOAT64, 1.5, 8)));
    }

    @Test
    void badParametersAreRejectedWithTheirValue() {
        assertRejected("scale must be > 0 everywhere, got -1.0 at flat index 1",
                () -> new Normal(Tensor.zeros(2), Tensor.of(new float[] {1f, -1f}, 2)));
        assertRejected("scale must be > 0 everywhere, got NaN",
                () -> new Normal(Tensor.zeros(1), Tensor.of(new float[] {Float.NaN}, 1)));
        assertRejected("loc must have a floating dtype, got int64",
                () -> new Normal(Tensor.of(new long[] {1}, 1), Tensor.ones(1)));
        assertRejected("concentration0 must be > 0 everywhere, got 0.0",
                () -> new Beta(Tensor.ones(1), Tensor.zeros(1)));
        assertRejected("logits must be finite or -Infinity, got NaN",
                () -> Categorical.fromLogits(Tensor.of(new double[] {0, Double.NaN}, 2)));
        assertRejected("row 1 is entirely -Infinity", () -> Categorical.fromLogits(Tensor.of(
                new double[] {0, 1, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 2, 2)));
        assertRejected("probs must be finite and >= 0, got -0.5",
                () -> Categorical.fromProbs(Tensor.of(new double[] {1, -0.5}, 2)));
        assertRejected("reinterpretedBatchDims must be in [0, 1]", () -> new Independent(
                new Normal(Tensor.zeros(3), Tensor.ones(3)), 2));
    }

    @Test
    void tanhTransformedSummariesWithoutClosedFormSaySo() {
        TransformedDistribution t = new TransformedDistribution(new Normal(Tensor.zeros(2), Tensor.ones(2)),
                List.of(new TanhTransform()));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, t::entropy);
        assertTrue(e.getMessage().contains("entropy(rng)"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, t::mean);
        assertThrows(UnsupportedOperationException.class, t::stddev);
    }
}
