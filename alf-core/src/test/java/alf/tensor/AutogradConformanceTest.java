package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import alf.nn.Functional;
import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every graph and edge case of {@code autograd_graphs.json} (PyTorch 1.13, float64): each node's value,
 * the output, and d sum(output)/d input for every input that requires grad, within the file's tolerance
 * (1e-12 relative, 1e-12 absolute; non-finite values exactly, sign of infinities included).
 *
 * <p>Runs on the backend named by {@link #backendName()} (made the default for each case); subclasses replay the same
 * graphs on the other backends ({@code Nd4jAutogradConformanceTest}).
 */
class AutogradConformanceTest {
    private static final double REL = 1e-12;
    private static final double ABS = 1e-12;
    private static final JsonNode DATA = Conformance.load("autograd_graphs.json");

    private Backend previous;

    /** The backend whose kernels the graphs run on. */
    protected String backendName() {
        return "cpu";
    }

    @BeforeEach
    void selectBackend() {
        previous = Backends.setDefault(backendName());
    }

    @AfterEach
    void restoreBackend() {
        Backends.setDefault(previous);
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (String group : new String[] {"graphs", "edge_cases"}) {
            for (JsonNode g : DATA.get(group)) {
                list.add(Arguments.of(g.get("name").asText(), g));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesValuesAndGradients(String name, JsonNode graph) {
        Map<String, Tensor> env = new HashMap<>();
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        for (JsonNode in : graph.get("inputs")) {
            Tensor t = Conformance.tensor(in.get("dtype").asText().equals("float64") ? in : in);
            if (in.get("requires_grad").asBoolean()) {
                t.setRequiresGrad(true);
                leaves.put(in.get("name").asText(), t);
            }
            env.put(in.get("name").asText(), t);
        }
        for (JsonNode node : graph.get("nodes")) {
            List<Tensor> args = new ArrayList<>();
            for (JsonNode a : node.get("args")) {
                args.add(env.get(a.asText()));
            }
            Tensor v = eval(node.get("op").asText(), args, node.get("attrs"));
            env.put(node.get("name").asText(), v);
            JsonNode expected = graph.get("node_values").get(node.get("name").asText());
            if (expected != null) {
                Conformance.assertClose(name + "/" + node.get("name").asText() + " (" + node.get("op").asText() + ")",
                        expected, v, REL, ABS);
            }
        }
        Tensor out = env.get(graph.get("output").asText());
        Conformance.assertClose(name + "/output", graph.get("output_value"), out, REL, ABS);
        out.sumAll().backward();
        JsonNode grads = graph.get("grads_of_sum_output");
        grads.fieldNames().forEachRemaining(leaf -> {
            Tensor g = leaves.get(leaf).grad();
            assertNotNull(g, name + ": no gradient for " + leaf);
            Conformance.assertClose(name + "/grad " + leaf, grads.get(leaf), g, REL, ABS);
        });
    }

    private static int[] dims(JsonNode attr) {
        return attr == null || attr.isNull() ? null : Conformance.ints(attr);
    }

    static Tensor eval(String op, List<Tensor> a, JsonNode attrs) {
        Tensor x = a.get(0);
        return switch (op) {
            case "add" -> x.add(a.get(1));
            case "sub" -> x.sub(a.get(1));
            case "mul" -> x.mul(a.get(1));
            case "div" -> x.div(a.get(1));
            case "maximum" -> x.maximum(a.get(1));
            case "minimum" -> x.minimum(a.get(1));
            case "matmul" -> x.matmul(a.get(1));
            case "relu" -> x.relu();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "softplus" -> x.softplus();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "sqrt" -> x.sqrt();
            case "abs" -> x.abs();
            case "neg" -> x.neg();
            case "pow" -> x.pow(attrs.get("exponent").asDouble());
            case "clamp" -> {
                JsonNode lo = attrs.get("min");
                JsonNode hi = attrs.get("max");
                yield x.clamp(lo.isNull() ? Double.NaN : lo.asDouble(), hi.isNull() ? Double.NaN : hi.asDouble());
            }
            case "logsumexp" -> x.logSumExp(attrs.get("dim").asInt(), attrs.get("keepdim").asBoolean());
            case "sum" -> {
                int[] d = dims(attrs.get("dims"));
                yield d == null ? x.sumAll() : x.sum(d, attrs.get("keepdim").asBoolean());
            }
            case "mean" -> {
                int[] d = dims(attrs.get("dims"));
                yield d == null ? x.meanAll() : x.mean(d, attrs.get("keepdim").asBoolean());
            }
            case "max_dim" -> x.max(attrs.get("dim").asInt(), attrs.get("keepdim").asBoolean()).values();
            case "min_dim" -> x.min(attrs.get("dim").asInt(), attrs.get("keepdim").asBoolean()).values();
            case "amax" -> x.amax(dims(attrs.get("dims")), attrs.get("keepdim").asBoolean());
            case "where" -> Tensor.where(x, a.get(1), a.get(2));
            case "gather" -> x.gather(attrs.get("dim").asInt(), a.get(1));
            case "cat" -> Tensor.cat(a, attrs.get("dim").asInt());
            case "stack" -> Tensor.stack(a, attrs.get("dim").asInt());
            case "reshape" -> x.reshape(Conformance.ints(attrs.get("shape")));
            case "transpose" -> x.transpose(attrs.get("dim0").asInt(), attrs.get("dim1").asInt());
            case "log_softmax" -> Functional.logSoftmax(x, attrs.get("dim").asInt());
            case "softmax" -> Functional.softmax(x, attrs.get("dim").asInt());
            case "mse_loss" -> Functional.mse(x, a.get(1));
            case "cross_entropy" -> Functional.softmaxCrossEntropy(x, a.get(1));
            case "cross_entropy_probs" -> Functional.softmaxCrossEntropyProbs(x, a.get(1));
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    @Test
    void theDataFileHoldsNoKindOfCaseThisTestSkips() {
        Conformance.assertOnlyKnownFields("autograd_graphs.json", DATA, "ops", "graphs", "edge_cases");
    }
}
