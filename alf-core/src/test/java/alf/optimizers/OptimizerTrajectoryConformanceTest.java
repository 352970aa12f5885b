package alf.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import alf.tensor.GradMode;
import alf.tensor.DType;
import alf.tensor.Tensor;
import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every run of {@code optim_trajectories.json} (PyTorch 1.13 {@code torch.optim.Adam} / {@code SGD} in
 * float32 and float64; TensorFlow's Adam rule in float64) within the file's tolerances:
 * <ul>
 *   <li>one-step mode: before each step the parameter is set to the recorded value and given the recorded gradient;
 *       the parameter after the step must match (float64: 1e-12 relative + 1e-14 absolute; float32: 1e-5 relative);
 *       the final optimizer state must match too;</li>
 *   <li>trajectory mode (float64): the objective is evaluated with tensor ops and autograd at our own parameters for
 *       all 50 steps; losses, gradients and parameters must stay within 1e-10 relative of the recording.</li>
 * </ul>
 */
class OptimizerTrajectoryConformanceTest {
    static final JsonNode DATA = Conformance.load("optim_trajectories.json");
    /** torch.optim.AdamW runs recorded by {@code conformance/gen/gen_adamw.py} (same fields and objectives). */
    static final JsonNode ADAMW = Conformance.load("optim_adamw_trajectories.json");

    static Stream<Arguments> runs() {
        List<Arguments> list = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        DATA.get("runs").forEach(all::add);
        ADAMW.get("runs").forEach(all::add);
        for (JsonNode run : all) {
            list.add(Arguments.of(run.get("name").asText() + "/" + run.get("dtype").asText() + "/"
                    + run.get("objective").asText(), run));
        }
        return list.stream();
    }

    static Stream<Arguments> float64Runs() {
        return runs().filter(a -> ((JsonNode) a.get()[1]).get("dtype").asText().equals("float64"));
    }

    /** The optimizer a run describes, built without parameters, as a configuration would. */
    static Optimizer build(JsonNode run) {
        JsonNode h = run.get("hyperparameters");
        return switch (run.get("optimizer").asText()) {
            case "torch.optim.Adam" -> new Adam(h.get("lr").asDouble(), h.get("betas").get(0).asDouble(),
                    h.get("betas").get(1).asDouble(), h.get("eps").asDouble(), h.get("weight_decay").asDouble(),
                    h.get("amsgrad").asBoolean(), null, null);
            case "torch.optim.SGD" -> new Sgd(h.get("lr").asDouble(), h.get("momentum").asDouble(),
                    h.path("dampening").asDouble(0.0), h.path("nesterov").asBoolean(false),
                    h.path("weight_decay").asDouble(0.0), null, null);
            case "torch.optim.AdamW" -> new AdamW(h.get("lr").asDouble(), h.get("betas").get(0).asDouble(),
                    h.get("betas").get(1).asDouble(), h.get("eps").asDouble(), h.get("weight_decay").asDouble(),
                    h.get("amsgrad").asBoolean(), null, null);
            case "AdamTF" -> new AdamTF(h.get("lr").asDouble(), h.get("beta1").asDouble(), h.get("beta2").asDouble(),
                    h.get("eps_hat").asDouble(), 0.0, false, null, null);
            default -> throw new IllegalArgumentException("unknown optimizer " + run.get("optimizer"));
        };
    }

    static boolean isFloat32(JsonNode run) {
        return run.get("dtype").asText().equals("float32");
    }

    static Tensor recorded(JsonNode run, JsonNode flatData) {
        DType dtype = isFloat32(run) ? DType.FLOAT32 : DType.FLOAT64;
        return Tensor.of(Conformance.numbers(flatData), dtype, Conformance.ints(run.get("param_shape")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void oneStepModeMatchesEveryStep(String name, JsonNode run) {
        double rel = isFloat32(run) ? 1e-5 : 1e-12;
        double abs = isFloat32(run) ? 1e-7 : 1e-14;
        Tensor p = Conformance.tensor(run.get("params_initial")).setRequiresGrad(true);
        Optimizer opt = build(run);
        opt.addParamGroup(List.of(p));
        int steps = run.get("steps").asInt();
        for (int t = 0; t < steps; t++) {
            Tensor before = t == 0 ? Conformance.tensor(run.get("params_initial"))
                    : recorded(run, run.get("params_after_step").get(t - 1));
            try (var noGrad = GradMode.noGrad()) {
                p.copy_(before);
            }
            p.setGrad(recorded(run, run.get("grad_before_step").get(t)));
            opt.step();
            Conformance.assertClose(name + " step " + (t + 1), Conformance.numbers(run.get("params_after_step")
                    .get(t)), p.toDoubleArray(), rel, abs);
        }
        assertFinalState(name, run, opt, p, rel, abs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("float64Runs")
    void trajectoryModeWithOwnGradients(String name, JsonNode run) {
        double rel = 1e-10;
        double abs = 1e-14;
        Tensor p = Conformance.tensor(run.get("params_initial")).setRequiresGrad(true);
        Optimizer opt = build(run);
        opt.addParamGroup(List.of(p));
        String objective = run.get("objective").asText();
        for (int t = 0; t < run.get("steps").asInt(); t++) {
            Tensor loss = Objectives.loss(DATA.get("objectives"), objective, p);
            assertEquals(Conformance.number(run.get("loss_before_step").get(t)), loss.item(),
                    rel * Math.abs(loss.item()) + abs, name + " loss before step " + (t + 1));
            loss.backward();
            Conformance.assertClose(name + " grad before step " + (t + 1),
                    Conformance.numbers(run.get("grad_before_step").get(t)), p.grad().toDoubleArray(), rel, 1e-12);
            opt.step();
            opt.zeroGrad();
            Conformance.assertClose(name + " step " + (t + 1),
                    Conformance.numbers(run.get("params_after_step").get(t)), p.toDoubleArray(), rel, abs);
        }
    }

    private static void assertFinalState(String name, JsonNode run, Optimizer opt, Tensor p, double rel, double abs) {
        JsonNode expected = run.get("final_optimizer_state");
        ParameterState st = opt.state(p);
        Map<String, String> names = run.get("optimizer").asText().equals("AdamTF")
                ? Map.of("m", "exp_avg", "v", "exp_avg_sq", "t", "step")
                : Map.of("exp_avg", "exp_avg", "exp_avg_sq", "exp_avg_sq", "max_exp_avg_sq", "max_exp_avg_sq",
                        "momentum_buffer", "momentum_buffer", "step", "step");
        expected.fields().forEachRemaining(e -> {
            String ours = names.get(e.getKey());
            if (ours == null) {
                fail(name + ": unknown optimizer state field '" + e.getKey() + "' in the recording");
            }
            if (ours.equals("step")) {
                assertEquals((long) e.getValue().asDouble(), st.step(), name + " final step count");
            } else {
                Conformance.assertClose(name + " final " + e.getKey(), e.getValue(), st.tensor(ours), rel, abs);
            }
        });
        assertEquals(st.tensors().size(), expected.size() - (expected.has("step") || expected.has("t") ? 1 : 0),
                name + ": state tensors " + st.tensors().keySet());
    }

    @Test
    void theDataFileHoldsNoKindOfCaseThisTestSkips() {
        Conformance.assertOnlyKnownFields("optim_trajectories.json", DATA, "update_rules", "objectives", "comparisons", "runs");
        Conformance.assertOnlyKnownFields("optim_adamw_trajectories.json", ADAMW, "update_rules", "objectives",
                "runs");
    }
}
