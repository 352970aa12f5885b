package alf.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import alf.distributions.transforms.AffineTransform;
import alf.distributions.transforms.TanhTransform;
import alf.distributions.transforms.Transform;
import alf.tensor.Autograd;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The squashed Gaussian's log-density runs as one fused op ({@link alf.tensor.SquashedGaussian}) inside
 * {@link TransformedDistribution#logProb}; its values and the gradients it sends to μ, σ and the pre-squash sample
 * must be bit for bit those of the general path (each transform's log-Jacobian and Normal's log-density as separate
 * ops), in a SAC-shaped graph where the sample u = μ + ε·σ also feeds the action term, so the order in which u's, μ's
 * and σ's gradient contributions are added is exercised too.
 */
class SquashedGaussianLogProbTest {

    /** One configuration: dtype, shape (batch then event), event dims, affine or not, spread of μ (saturation). */
    record Case(DType dtype, int[] shape, int eventDims, boolean affine, double spread) {
        @Override
        public String toString() {
            return dtype + Arrays.toString(shape) + " event " + eventDims + (affine ? " affine" : "") + " spread "
                    + spread;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(DType.FLOAT32, new int[] {256, 1}, 1, true, 1.0),
                new Case(DType.FLOAT32, new int[] {9, 3}, 1, false, 15.0),
                new Case(DType.FLOAT32, new int[] {2, 3, 4}, 2, true, 15.0),
                new Case(DType.FLOAT32, new int[] {6}, 1, true, 3.0),
                new Case(DType.FLOAT64, new int[] {7, 6}, 1, false, 1.0),
                new Case(DType.FLOAT64, new int[] {5, 3, 2}, 2, true, 15.0),
                new Case(DType.FLOAT64, new int[] {3, 2, 2, 2}, 1, true, 15.0));
    }

    /** The log-density and the gradients of the leaves behind μ, σ and the action weights, by one path. */
    private static Tensor[] run(Case c, boolean fused, boolean copyValue) {
        Rng rng = new Rng(17);
        Tensor muLeaf = Tensor.randn(rng, c.dtype(), c.shape()).mul(c.spread()).detach().setRequiresGrad(true);
        Tensor stdLeaf = Tensor.randn(rng, c.dtype(), c.shape()).detach().setRequiresGrad(true);
        Tensor actionWeights = Tensor.randn(rng, c.dtype(), c.shape());
        int[] event = Arrays.copyOfRange(c.shape(), c.shape().length - c.eventDims(), c.shape().length);
        Tensor affineLoc = Tensor.randn(rng, c.dtype(), event);
        Tensor affineScale = Tensor.rand(rng, event).add(0.5).to(c.dtype());
        Normal normal = new Normal(muLeaf.mul(1.5), stdLeaf.exp());
        List<Transform> transforms = c.affine() ? List.of(new TanhTransform(), new AffineTransform(affineLoc,
                affineScale)) : List.of(new TanhTransform());
        TransformedDistribution dist = new TransformedDistribution(new Independent(normal, c.eventDims()), transforms);
        Tensor action = dist.rsample(new Rng(23));
        Tensor value = copyValue ? action.detach().mul(1.0) : action;
        Tensor logProb = fused ? dist.logProb(value) : generalPath(dist, value);
        assertEquals(fused ? "squashed_gaussian_log_prob" : "add", logProb.gradFn().name(), "route taken");
        // SAC's actor loss: α·log π − Q(a), with Q linear in the action here
        logProb.mul(0.37).sumAll().sub(action.mul(actionWeights).sumAll()).backward();
        return new Tensor[] {logProb.detach(), muLeaf.grad(), stdLeaf.grad()};
    }

    /** TransformedDistribution's general path, op for op: log-Jacobians last to first, then the base's log p. */
    private static Tensor generalPath(TransformedDistribution dist, Tensor value) {
        int eventDims = dist.eventShape().length;
        Tensor logProb = null;
        Tensor y = value;
        for (int i = dist.transforms().size() - 1; i >= 0; i--) {
            Transform t = dist.transforms().get(i);
            Tensor x = t.inverse(y, dist.missPolicy());
            Tensor ladj = DistributionSupport.sumRightmost(t.logAbsDetJacobian(x, y), eventDims);
            logProb = logProb == null ? ladj.neg() : logProb.sub(ladj);
            y = x;
        }
        return logProb.add(dist.base().logProb(y));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fusedValuesAndGradientsAreTheGeneralPathsBitForBit(Case c) {
        for (boolean copyValue : new boolean[] {false, true}) {
            Tensor[] fused = run(c, true, copyValue);
            Tensor[] general = run(c, false, copyValue);
            String[] what = {"log p", "grad of mu", "grad of sigma"};
            for (int k = 0; k < what.length; k++) {
                assertSameBits(general[k], fused[k], c + (copyValue ? " (cache miss) " : " ") + what[k]);
            }
        }
    }

    @Test
    void saturatedSamplesTakeSoftplusPastItsThreshold() {
        // μ = ±15 puts −2u beyond softplus's threshold 20 for most samples: both branches must agree bit for bit
        Case c = new Case(DType.FLOAT32, new int[] {64, 2}, 1, true, 15.0);
        Tensor[] fused = run(c, true, false);
        assertSameBits(run(c, false, false)[0], fused[0], "log p");
        long finite = Arrays.stream(fused[0].toDoubleArray()).filter(Double::isFinite).count();
        assertEquals(64, finite, "every log p finite from the cached pre-image");
    }

    @Test
    void otherShapesAndTransformsKeepTheGeneralPath() {
        Tensor loc = Tensor.zeros(4, 2);
        Tensor scale = Tensor.ones(4, 2);
        // a sample shape in front of the batch: the value is not shaped as μ
        TransformedDistribution dist = new TransformedDistribution(new Independent(new Normal(loc, scale), 1),
                List.of(new TanhTransform()));
        Tensor sampled = dist.sample(new Rng(3), 5);
        assertNotEquals("squashed_gaussian_log_prob", nameOf(dist.logProb(sampled.setRequiresGrad(true))));
        // an affine map before the tanh, and a bare Normal base (no event dimension)
        for (TransformedDistribution other : List.of(
                new TransformedDistribution(new Independent(new Normal(loc, scale), 1),
                        List.of(AffineTransform.of(0.0, 2.0), new TanhTransform())),
                new TransformedDistribution(new Normal(loc, scale), List.of(new TanhTransform())))) {
            Tensor y = other.sample(new Rng(4));
            assertNotEquals("squashed_gaussian_log_prob", nameOf(other.logProb(y.setRequiresGrad(true))));
        }
    }

    @Test
    void recordedBackwardGivesTheSameFirstAndCloseSecondDerivatives() {
        Case c = new Case(DType.FLOAT64, new int[] {5, 3}, 1, true, 2.0);
        double[][] fused = secondOrder(c, true);
        double[][] general = secondOrder(c, false);
        assertArrayEquals(general[0], fused[0], 0.0, "first derivative");
        assertArrayEquals(general[1], fused[1], 1e-12, "second derivative");
    }

    /** d log p / dμ with create_graph, then the gradient of its sum with respect to σ's leaf. */
    private static double[][] secondOrder(Case c, boolean fused) {
        Rng rng = new Rng(29);
        Tensor mu = Tensor.randn(rng, c.dtype(), c.shape()).mul(c.spread()).setRequiresGrad(true);
        Tensor stdLeaf = Tensor.randn(rng, c.dtype(), c.shape()).setRequiresGrad(true);
        Normal normal = new Normal(mu, stdLeaf.exp());
        TransformedDistribution dist = new TransformedDistribution(new Independent(normal, 1), List.of(
                new TanhTransform(), new AffineTransform(Tensor.zeros(c.dtype(), 3), Tensor.ones(c.dtype(), 3))));
        Tensor action = dist.rsample(new Rng(31));
        Tensor logProb = fused ? dist.logProb(action) : generalPath(dist, action);
        Tensor dMu = Autograd.grad(new Tensor[] {logProb.sumAll()}, new Tensor[] {mu}, null, true, true, false)[0];
        Tensor dStd = Autograd.grad(dMu.sumAll(), stdLeaf)[0];
        return new double[][] {dMu.detach().toDoubleArray(), dStd.toDoubleArray()};
    }

    private static String nameOf(Tensor t) {
        return t.gradFn() == null ? "none" : t.gradFn().name();
    }

    private static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), what + " [" + i + "] "
                    + e[i] + " vs " + a[i]);
        }
    }
}
