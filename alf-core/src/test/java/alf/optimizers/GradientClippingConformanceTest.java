package alf.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Tensor;
import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GradientClipping} against {@code optim_clip_grad.json} (PyTorch 1.13 {@code clip_grad_norm_} with norm types
 * 2, 1 and ∞, clipped and unclipped, NaN and all-zero gradients; {@code clip_grad_value_}), within the file's
 * tolerance: 1e-12 relative for float64, 1e-6 relative for float32.
 */
class GradientClippingConformanceTest {
    private static final JsonNode DATA = Conformance.load("optim_clip_grad.json");

    static Stream<Arguments> normCases() {
        List<Arguments> list = new ArrayList<>();
        int i = 0;
        for (JsonNode c : DATA.get("clip_grad_norm_cases")) {
            list.add(Arguments.of("#" + i++ + " " + c.get("dtype").asText() + " norm " + c.get("norm_type").asText()
                    + " max " + c.get("max_norm").asText() + (c.has("special") ? " (" + c.get("special").asText()
                    .split("[,:]")[0] + ")" : ""), c));
        }
        return list.stream();
    }

    /** Leaf parameters whose gradients are the file's grads_before in {@code dtype}, with the case's special edit. */
    static List<Tensor> params(JsonNode c) {
        DType dtype = DType.fromTorchName(c.get("dtype").asText());
        String special = c.path("special").asText("");
        if (!special.isEmpty() && !special.startsWith("grad[1][2] = NaN") && !special.equals("all gradients zero")) {
            throw new AssertionError("unknown special case '" + special + "' in optim_clip_grad.json");
        }
        List<Tensor> params = new ArrayList<>();
        int k = 0;
        for (JsonNode g : DATA.get("grads_before")) {
            double[] data = Conformance.numbers(g.get("data"));
            if (special.startsWith("grad[1][2] = NaN") && k == 1) {
                data[2] = Double.NaN;
            }
            if (special.equals("all gradients zero")) {
                data = new double[data.length];
            }
            int[] shape = Conformance.ints(g.get("shape"));
            Tensor p = Tensor.zeros(dtype, shape).setRequiresGrad(true);
            p.setGrad(Tensor.of(data, dtype, shape));
            params.add(p);
            k++;
        }
        return params;
    }

    private static double rel(JsonNode c) {
        return c.get("dtype").asText().equals("float32") ? 1e-6 : 1e-12;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normCases")
    void clipByGlobalNormMatchesPyTorch(String name, JsonNode c) {
        List<Tensor> params = params(c);
        double total = GradientClipping.clipByGlobalNorm(params, c.get("max_norm").asDouble(),
                Conformance.number(c.get("norm_type")));
        double expected = Conformance.number(c.get("total_norm_returned").get("data").get(0));
        Conformance.assertClose(name + " total norm", new double[] {expected}, new double[] {total}, rel(c), 0);
        JsonNode after = c.get("grads_after");
        for (int i = 0; i < params.size(); i++) {
            Tensor g = params.get(i).grad();
            assertEquals(DType.fromTorchName(c.get("dtype").asText()), g.dtype(), name + " grad dtype");
            Conformance.assertClose(name + " grad " + i, after.get(i), g, rel(c), 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueCases")
    void clipByValueMatchesPyTorch(String name, JsonNode c) {
        List<Tensor> params = params(c);
        GradientClipping.clipByValue(params, c.get("clip_value").asDouble());
        for (int i = 0; i < params.size(); i++) {
            Conformance.assertClose(name + " grad " + i, c.get("grads_after").get(i), params.get(i).grad(), 0, 0);
        }
    }

    static Stream<Arguments> valueCases() {
        List<Arguments> list = new ArrayList<>();
        for (JsonNode c : DATA.get("clip_grad_value_cases")) {
            list.add(Arguments.of(c.get("dtype").asText() + " clip " + c.get("clip_value").asText(), c));
        }
        return list.stream();
    }

    @Test
    void nonFiniteNormCanBeAnErrorNamingTheGradient() {
        JsonNode nanCase = null;
        for (JsonNode c : DATA.get("clip_grad_norm_cases")) {
            if (c.path("special").asText("").startsWith("grad[1][2] = NaN")) {
                nanCase = c;
            }
        }
        List<Tensor> params = params(nanCase);
        double before = params.get(0).grad().get(0, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradientClipping.clipByGlobalNorm(params, 1.0, 2.0, true));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("parameter #1")
                && e.getMessage().contains("element 2"), e.getMessage());
        assertEquals(before, params.get(0).grad().get(0, 0), "gradients unchanged after the refusal");
    }

    @Test
    void parametersWithoutGradientsAreSkippedAndNoneGivesZero() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 2).setRequiresGrad(true);
        Tensor b = Tensor.zeros(DType.FLOAT64, 2).setRequiresGrad(true);
        assertEquals(0.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0, 2.0));
        b.setGrad(Tensor.of(new double[] {3, 4}, 2));
        assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0, 2.0), 1e-15);
        Conformance.assertClose("clipped", new double[] {3 / (5 + 1e-6), 4 / (5 + 1e-6)},
                b.grad().toDoubleArray(), 1e-15, 0);
    }

    @Test
    void generalPNormAndBadArguments() {
        Tensor a = Tensor.zeros(DType.FLOAT64, 3).setRequiresGrad(true);
        a.setGrad(Tensor.of(new double[] {1, -2, 3}, 3));
        double p3 = Math.cbrt(1 + 8 + 27); // (Σ|g|³)^(1/3) of the one tensor, then of the one-element list
        assertEquals(p3, GradientClipping.clipByGlobalNorm(List.of(a), 100, 3.0), 1e-13);
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipByGlobalNorm(List.of(a), -1, 2));
        assertTrue(e1.getMessage().contains("maxNorm") && e1.getMessage().contains("-1.0"), e1.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipByGlobalNorm(List.of(a), 1, 0));
        assertTrue(e2.getMessage().contains("normType"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipByValue(List.of(a), Double.NaN));
        assertTrue(e3.getMessage().contains("clipValue"), e3.getMessage());
    }

    @Test
    void theDataFileHoldsNoKindOfCaseThisTestSkips() {
        Conformance.assertOnlyKnownFields("optim_clip_grad.json", DATA, "grads_before", "grads_source", "clip_grad_norm_cases", "clip_grad_value_cases");
    }
}
