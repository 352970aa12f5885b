package alf.distributions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.distributions.transforms.AffineTransform;
import alf.distributions.transforms.CacheMissException;
import alf.distributions.transforms.CacheMissPolicy;
import alf.distributions.transforms.TanhTransform;
import alf.distributions.transforms.Transform;
import alf.tensor.DType;
import alf.tensor.Tensor;
import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays {@code dist_tanh_normal.json}: SAC's squashed Gaussian Independent(Normal(loc, scale), 1) → tanh → affine
 * (PyTorch 1.13), each case in its dtype. The file's tolerances: float64 1e-12 relative (1e-12 absolute near 0),
 * float32 1e-5 relative (1e-5 absolute); the uncached values of the saturated float32 case are ill-conditioned and
 * are compared by finiteness and at 1e-3 relative.
 *
 * <p>Without a cache PyTorch inverts with a plain atanh, which returns ±inf for a saturated float32 action and makes
 * log p NaN; ALF inverts with the stable clamp (StableTanh), whose finite but wrong values are recorded as
 * {@code log_prob_no_cache_alf_stable_tanh}. This test therefore checks: cached = the exact formula from x;
 * uncached (and tanh-cached-but-affine-uncached) = ALF's stable-inverse recording; the NaN that PyTorch's plain
 * atanh produces where the cache is bypassed; and that {@link CacheMissPolicy#THROW} refuses the bypassed case.
 */
class TanhNormalConformanceTest {
    private static final JsonNode DATA = Conformance.load("dist_tanh_normal.json");
    /** The file's floor: its absolute tolerances near 0 equal its relative ones (1e-12 / 1e-12, 1e-5 / 1e-5). */
    private static final double FLOOR = 1.0;

    static Stream<JsonNode> cases() {
        List<JsonNode> list = new ArrayList<>();
        DATA.get("cases").forEach(list::add);
        return list.stream();
    }

    /** Leaves, distribution and transforms of one case under one cache configuration. */
    private static final class Setup {
        final Tensor loc;
        final Tensor scale;
        final Normal normal;
        final TanhTransform tanh;
        final AffineTransform affine;
        final TransformedDistribution dist;

        Setup(JsonNode c, int tanhCache, int affineCache, CacheMissPolicy policy) {
            DType dtype = DType.fromTorchName(c.get("dtype").asText());
            loc = Conformance.tensor(c.get("loc")).setRequiresGrad(true);
            scale = Conformance.tensor(c.get("scale")).setRequiresGrad(true);
            assertEquals(dtype, loc.dtype());
            normal = new Normal(loc, scale);
            tanh = new TanhTransform(tanhCache);
            affine = new AffineTransform(Conformance.tensor(c.get("affine_loc_b")),
                    Conformance.tensor(c.get("affine_scale_s")), affineCache);
            dist = new TransformedDistribution(new Independent(normal, 1), List.<Transform>of(tanh, affine), policy);
        }

        /** x = loc + eps·scale with the recorded eps, pushed through the transforms (rsample with forced noise). */
        Tensor action(JsonNode c) {
            Tensor x = normal.reparameterize(Conformance.tensor(c.get("eps")));
            return dist.forwardTransforms(x);
        }
    }

    private static double rel(JsonNode c) {
        return c.get("dtype").asText().equals("float64") ? 1e-12 : 1e-5;
    }

    private static boolean saturatedFloat32(JsonNode c) {
        return c.get("dtype").asText().equals("float32");
    }

    @ParameterizedTest(name = "{index}: cached")
    @MethodSource("cases")
    void cachedLogProbAndPathwiseGradients(JsonNode c) {
        double tol = rel(c);
        Setup s = new Setup(c, 1, 1, CacheMissPolicy.THROW);
        assertArrayEquals(new int[] {4}, s.dist.batchShape());
        assertArrayEquals(new int[] {3}, s.dist.eventShape());
        Tensor x = s.normal.reparameterize(Conformance.tensor(c.get("eps")));
        Conformance.assertClose("pre_tanh_x", c.get("pre_tanh_x"), x, tol, tol);
        Tensor y = s.dist.forwardTransforms(x);
        Conformance.assertClose("action_y", c.get("action_y"), y, tol, tol);

        Tensor logProb = s.dist.logProb(y);
        assertEquals(0, s.tanh.cacheMisses());
        assertEquals(0, s.affine.cacheMisses());
        assertTrue(s.tanh.cacheHits() >= 1, "the tanh pre-image came from the cache");
        Conformance.assertClose("log_prob_cached", c.get("log_prob_cached"), logProb, tol, tol);
        Conformance.assertClose("log_prob_formula_from_x", c.get("log_prob_formula_from_x"), logProb, tol, tol);
        logProb.sumAll().backward();
        Conformance.assertClose("grad_loc_cached", c.get("grad_loc_cached"), s.loc.grad(), tol, tol);
        Conformance.assertClose("grad_scale_cached", c.get("grad_scale_cached"), s.scale.grad(), tol, tol);
    }

    @ParameterizedTest(name = "{index}: tanh cached, affine uncached")
    @MethodSource("cases")
    void uncachedAffineAfterCachedTanhBypassesTheTanhCache(JsonNode c) {
        Setup s = new Setup(c, 1, 0, CacheMissPolicy.FALL_BACK_AND_WARN);
        Tensor logProb = s.dist.logProb(s.action(c));
        assertEquals(1, s.tanh.cacheMisses(), "the affine inverse made a new tensor, so the tanh cache missed");
        checkStableInverseLogProb(c, logProb, "log_prob_tanh_cache_only");
        if (!saturatedFloat32(c)) {
            logProb.sumAll().backward();
            Conformance.assertClose("grad_loc_tanh_cache_only", c.get("grad_loc_tanh_cache_only"), s.loc.grad(),
                    1e-12, 1e-12);
            Conformance.assertClose("grad_scale_tanh_cache_only", c.get("grad_scale_tanh_cache_only"),
                    s.scale.grad(), 1e-12, 1e-12);
        } else {
            logProb.sumAll().backward();
            checkStableInverseGradients(c, "grad_loc_tanh_cache_only", s.loc.grad());
            checkStableInverseGradients(c, "grad_scale_tanh_cache_only", s.scale.grad());
        }

        Setup strict = new Setup(c, 1, 0, CacheMissPolicy.THROW);
        Tensor y = strict.action(c);
        CacheMissException e = assertThrows(CacheMissException.class, () -> strict.dist.logProb(y));
        assertTrue(e.getMessage().contains("TanhTransform"), e.getMessage());
    }

    @ParameterizedTest(name = "{index}: uncached")
    @MethodSource("cases")
    void uncachedLogProbUsesTheStableInverse(JsonNode c) {
        Setup s = new Setup(c, 0, 0, CacheMissPolicy.FALL_BACK_AND_WARN);
        Tensor logProb = s.dist.logProb(Conformance.tensor(c.get("action_y")));
        assertEquals(1, s.tanh.cacheMisses(), "an uncached tanh misses on every inverse");
        checkStableInverseLogProb(c, logProb, "log_prob_no_cache");
        Tensor lp = s.dist.logProb(s.action(c));
        lp.sumAll().backward();
        checkStableInverseGradients(c, "grad_loc_no_cache", s.loc.grad());
        checkStableInverseGradients(c, "grad_scale_no_cache", s.scale.grad());
        Setup strict = new Setup(c, 0, 0, CacheMissPolicy.THROW);
        assertThrows(CacheMissException.class, () -> strict.dist.logProb(strict.action(c)));
    }

    /**
     * Our inverse is the stable one, so bypassed caches give {@code log_prob_no_cache_alf_stable_tanh}. Where
     * PyTorch's plain atanh stays finite the two agree with the recorded {@code torchKey}; where PyTorch gives NaN
     * (saturated float32) ours is finite — and far from the cached truth, which is why the cache is needed.
     */
    private static void checkStableInverseLogProb(JsonNode c, Tensor logProb, String torchKey) {
        boolean ill = saturatedFloat32(c);
        double tol = uncachedRel(c);
        Conformance.assertWithinRule("alf stable-tanh log_prob",
                Conformance.numbers(c.get("log_prob_no_cache_alf_stable_tanh").get("data")), logProb.toDoubleArray(),
                tol, FLOOR);
        double[] torch = Conformance.numbers(c.get(torchKey).get("data"));
        double[] cached = Conformance.numbers(c.get("log_prob_cached").get("data"));
        double[] ours = logProb.toDoubleArray();
        for (int i = 0; i < ours.length; i++) {
            assertTrue(Double.isFinite(ours[i]), "stable inverse stays finite at " + i);
            if (Double.isNaN(torch[i])) {
                assertTrue(ill, "PyTorch's plain atanh fails only in the saturated float32 case");
                assertTrue(Math.abs(ours[i] - cached[i]) > 1.0,
                        "bypassing the cache gives a wrong log-prob at saturation (" + ours[i] + " vs " + cached[i]
                                + ")");
            } else {
                Conformance.assertWithinRule(torchKey + "[" + i + "]", new double[] {torch[i]},
                        new double[] {ours[i]}, tol, FLOOR);
            }
        }
    }

    /**
     * The file's rule for the uncached values: float64 1e-12 and float32 1e-5 relative, but 1e-3 relative in the
     * saturated float32 case, whose uncached values are ill-conditioned.
     */
    private static double uncachedRel(JsonNode c) {
        return saturatedFloat32(c) ? 1e-3 : rel(c);
    }

    /**
     * Uncached pathwise gradients: where PyTorch's recorded gradient is finite ours matches it by the file's rule
     * ({@link #uncachedRel}, floor {@link #FLOOR}); where PyTorch's plain atanh made it NaN (saturated float32
     * elements) the stable inverse keeps ours finite.
     */
    private static void checkStableInverseGradients(JsonNode c, String torchKey, Tensor actual) {
        assertArrayEquals(Conformance.ints(c.get(torchKey).get("shape")), actual.shape(), torchKey + ": shape");
        double[] torch = Conformance.numbers(c.get(torchKey).get("data"));
        double[] ours = actual.toDoubleArray();
        for (int i = 0; i < ours.length; i++) {
            assertTrue(Double.isFinite(ours[i]), torchKey + "[" + i + "] = " + ours[i] + " is not finite");
            if (Double.isNaN(torch[i])) {
                assertTrue(saturatedFloat32(c), "PyTorch's uncached gradient is NaN only in the saturated case");
            } else {
                Conformance.assertWithinRule(torchKey + "[" + i + "]", new double[] {torch[i]},
                        new double[] {ours[i]}, uncachedRel(c), FLOOR);
            }
        }
    }

    @ParameterizedTest(name = "{index}: parts")
    @MethodSource("cases")
    void partsModeAndFixedXGradients(JsonNode c) {
        double tol = rel(c);
        Setup s = new Setup(c, 1, 1, CacheMissPolicy.THROW);
        Tensor x = Conformance.tensor(c.get("pre_tanh_x"));
        Conformance.assertClose("tanh_log_abs_det_jacobian", c.get("tanh_log_abs_det_jacobian"),
                s.tanh.logAbsDetJacobian(x, x.tanh()), tol, tol);
        Tensor normalLogProb = s.normal.logProb(x);
        Conformance.assertClose("normal_log_prob_elementwise", c.get("normal_log_prob_elementwise"), normalLogProb,
                tol, tol);
        normalLogProb.sumAll().backward();
        Conformance.assertClose("grad_loc_fixed_x", c.get("grad_loc_fixed_x"), s.loc.grad(), tol, tol);
        Conformance.assertClose("grad_scale_fixed_x", c.get("grad_scale_fixed_x"), s.scale.grad(), tol, tol);

        Tensor mode = s.dist.mode();
        Conformance.assertClose("mode", c.get("mode"), mode, tol, tol);
        assertEquals(0, s.tanh.cacheMisses() + s.tanh.cacheHits(), "mode does not touch the caches");

        // ALF's stable inverse of the recovered t = (y - b)/s, and PyTorch's plain atanh of it (±inf at saturation)
        Tensor t = Conformance.tensor(c.get("tanh_recovered_t"));
        double illTol = saturatedFloat32(c) ? 1e-3 : tol;
        Conformance.assertClose("pre_tanh_recovered_alf_stable_tanh", c.get("pre_tanh_recovered_alf_stable_tanh"),
                new TanhTransform(0).inverse(t), illTol, illTol);
        Conformance.assertClose("pre_tanh_recovered_atanh", c.get("pre_tanh_recovered_atanh"), t.atanh(), illTol,
                illTol);
        if (saturatedFloat32(c)) {
            double[] stable = new TanhTransform(0).inverse(t).toDoubleArray();
            for (double v : stable) {
                assertFalse(Math.abs(v) > 8.7, "float32 stable inverse is capped near 8.66, got " + v);
            }
        }
    }

    @Test
    void theDataFileHoldsNoKindOfCaseThisTestSkips() {
        Conformance.assertOnlyKnownFields("dist_tanh_normal.json", DATA, "cases");
    }
}
