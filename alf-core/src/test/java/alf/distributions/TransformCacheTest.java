package alf.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.GradMode;
import alf.distributions.transforms.AffineTransform;
import alf.distributions.transforms.CacheMissException;
import alf.distributions.transforms.CacheMissPolicy;
import alf.distributions.transforms.ComposeTransform;
import alf.distributions.transforms.TanhTransform;
import alf.distributions.transforms.Transform;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The size-1 transform cache and the rule for bypassed caches (see {@link Transform}). */
class TransformCacheTest {

    /** A float32 squashed Gaussian whose draws saturate tanh (loc ±12): only the cache recovers x. */
    private static TransformedDistribution saturatedTanhNormal(CacheMissPolicy policy, Transform... transforms) {
        Tensor loc = Tensor.of(new float[] {12f, -12f, 0.5f}, 1, 3);
        Tensor scale = Tensor.of(new float[] {0.1f, 0.1f, 0.2f}, 1, 3);
        return new TransformedDistribution(new Independent(new Normal(loc, scale), 1), List.of(transforms), policy);
    }

    @Test
    void sampleThenLogProbOfTheSameTensorHitsEveryCache() {
        TanhTransform tanh = new TanhTransform();
        AffineTransform affine = AffineTransform.of(0.5, 2.0);
        TransformedDistribution d = saturatedTanhNormal(CacheMissPolicy.THROW, tanh, affine);
        Tensor y = d.sample(new Rng(1));
        assertFalse(y.requiresGrad());
        Tensor logProb = d.logProb(y);
        assertEquals(0, tanh.cacheMisses() + affine.cacheMisses());
        assertEquals(1, tanh.cacheHits());
        assertEquals(1, affine.cacheHits());
        // with the cache the log-prob is finite and large (the density piles up at the bounds)
        assertTrue(Double.isFinite(logProb.item()) && logProb.item() > 20, "log p = " + logProb.item());
    }

    @Test
    void aCopiedActionMissesAndIsNeverSilent() {
        TanhTransform tanh = new TanhTransform();
        TransformedDistribution lenient = saturatedTanhNormal(CacheMissPolicy.FALL_BACK_AND_WARN, tanh);
        Tensor y = lenient.sample(new Rng(2));
        double cached = lenient.logProb(y).item();
        double copied = lenient.logProb(y.copy()).item();
        assertEquals(1, tanh.cacheMisses(), "the copy is counted as a miss");
        // float32: tanh(±12 ± noise) rounds to ±1, the stable inverse caps |x| at ~8.66 and the log-prob is far off
        assertTrue(Double.isFinite(copied));
        assertTrue(Math.abs(copied - cached) > 10, "cached " + cached + " vs re-inverted " + copied);

        TanhTransform strictTanh = new TanhTransform();
        TransformedDistribution strict = saturatedTanhNormal(CacheMissPolicy.THROW, strictTanh);
        Tensor z = strict.sample(new Rng(2));
        CacheMissException e = assertThrows(CacheMissException.class, () -> strict.logProb(z.copy()));
        assertTrue(e.getMessage().contains("not the tensor returned by the last forward"), e.getMessage());
        assertEquals(1, strictTanh.cacheMisses());
        assertEquals(cached, strict.logProb(z).item(), 0.0, "the original tensor still hits");
    }

    @Test
    void anInPlaceWriteToTheCachedOutputIsAMiss() {
        TanhTransform tanh = new TanhTransform();
        TransformedDistribution strict = saturatedTanhNormal(CacheMissPolicy.THROW, tanh);
        Tensor y = strict.sample(new Rng(3));
        try (GradMode.Scope scope = GradMode.noGrad()) {
            y.muli(0.5);
        }
        CacheMissException e = assertThrows(CacheMissException.class, () -> strict.logProb(y));
        assertTrue(e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void anUncachedTransformAfterACachedTanhBreaksTheChain() {
        TanhTransform tanh = new TanhTransform(1);
        AffineTransform uncached = new AffineTransform(Tensor.scalar(0.0, DType.FLOAT64),
                Tensor.scalar(2.0, DType.FLOAT64), 0);
        TransformedDistribution strict = saturatedTanhNormal(CacheMissPolicy.THROW, tanh, uncached);
        Tensor y = strict.sample(new Rng(4));
        assertThrows(CacheMissException.class, () -> strict.logProb(y));
    }

    @Test
    void composeKeepsTheCacheOfEachPart() {
        TanhTransform tanh = new TanhTransform();
        AffineTransform affine = AffineTransform.of(1.0, 3.0);
        ComposeTransform compose = ComposeTransform.of(tanh, affine);
        Tensor x = Tensor.of(new float[] {10f, -10f, 0.25f}, 3);
        Tensor y = compose.forward(x);
        assertSame(x, compose.inverse(y, CacheMissPolicy.THROW), "inverse of the composed output is x itself");
        assertEquals(1, tanh.cacheHits());
        assertEquals(1, affine.cacheHits());
        // log|J| re-runs the parts' forward on x: served by the caches, and equal to the sum of the parts
        long hitsBefore = compose.cacheHits();
        Tensor ladj = compose.logAbsDetJacobian(x, y);
        assertEquals(hitsBefore + 2, compose.cacheHits());
        Tensor expected = tanh.logAbsDetJacobian(x, x.tanh()).add(Math.log(3.0));
        assertArrayEquals(expected.toFloatArray(), ladj.toFloatArray(), 1e-6f);

        TransformedDistribution d = new TransformedDistribution(
                new Normal(Tensor.of(new float[] {9f, -9f}, 2), Tensor.of(new float[] {0.5f, 0.5f}, 2)),
                List.of(compose), CacheMissPolicy.THROW);
        Tensor a = d.rsample(new Rng(5));
        Tensor lp = d.logProb(a);
        assertTrue(Double.isFinite(lp.sumAll().item()));
        assertThrows(CacheMissException.class, () -> d.logProb(a.copy()));
        assertTrue(compose.inverseIsIllConditioned());
    }

    @Test
    void modeDoesNotEvictTheSampledPair() {
        TanhTransform tanh = new TanhTransform();
        TransformedDistribution d = saturatedTanhNormal(CacheMissPolicy.THROW, tanh);
        Tensor y = d.rsample(new Rng(6));
        Tensor mode = d.mode();
        assertArrayEquals(new float[] {(float) Math.tanh(12), (float) Math.tanh(-12), (float) Math.tanh(0.5)},
                mode.reshape(3).toFloatArray(), 1e-7f);
        d.logProb(y);
        assertEquals(0, tanh.cacheMisses());
    }

    @Test
    void rsampleGradientFlowsThroughTheCachedPreImage() {
        Tensor loc = Tensor.of(new double[] {0.3, -0.2}, 2).setRequiresGrad(true);
        Tensor scale = Tensor.of(new double[] {0.5, 0.7}, 2).setRequiresGrad(true);
        TransformedDistribution d = new TransformedDistribution(new Normal(loc, scale),
                List.of(new TanhTransform()), CacheMissPolicy.THROW);
        Tensor y = d.rsample(new Rng(7));
        d.logProb(y).sumAll().backward();
        // x = loc + eps·scale, log p(y) = log N(x) − log(1 − tanh²x): d/dloc = 2·tanh(x) (the Normal part cancels)
        Tensor x = new Normal(loc.detach(), scale.detach()).reparameterize(
                Tensor.randn(new Rng(7), DType.FLOAT64, 2));
        assertArrayEquals(x.tanh().mul(2.0).toDoubleArray(), loc.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void clearCacheForgetsThePair() {
        TanhTransform tanh = new TanhTransform();
        Tensor x = Tensor.of(new double[] {0.1}, 1);
        Tensor y = tanh.forward(x);
        tanh.clearCache();
        CacheMissException e = assertThrows(CacheMissException.class, () -> tanh.inverse(y, CacheMissPolicy.THROW));
        assertTrue(e.getMessage().contains("nothing has been cached"), e.getMessage());
    }

    @Test
    void stableInverseClampsInsideTheRangeAndRejectsOutside() {
        TanhTransform tanh = new TanhTransform(0);
        double[] x = tanh.inverse(Tensor.of(new double[] {1.0, -1.0, 0.5, 1.5}, 4)).toDoubleArray();
        double capped = 0.5 * Math.log((1 + 0.99999997) / (1 - 0.99999997));
        assertEquals(capped, x[0], 1e-7);
        assertEquals(-capped, x[1], 1e-7);
        assertEquals(0.5 * Math.log(3.0), x[2], 1e-15);
        assertTrue(Double.isNaN(x[3]), "outside (-1, 1) is not silently mapped");
    }

    @Test
    void badCacheSizesAndScalesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TanhTransform(2));
        assertTrue(e.getMessage().contains("cacheSize must be 0 or 1, got 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AffineTransform.of(0.0, 0.0));
        assertTrue(e.getMessage().contains("scale must be finite and nonzero, got 0.0"), e.getMessage());
    }
}
