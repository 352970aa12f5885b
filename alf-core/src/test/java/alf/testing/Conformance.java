package alf.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import alf.tensor.DType;
import alf.tensor.Tensor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * Reads the conformance files (copied from {@code shared/conformance/} into test resources) and compares tensors
 * against them. Conventions of those files: strict JSON, non-finite numbers as the strings "NaN", "Infinity",
 * "-Infinity", tensors as {dtype, shape, data} with data flat in row-major order.
 */
public final class Conformance {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Conformance() {
    }

    /** Parses {@code conformance/NAME} from the test classpath. */
    public static JsonNode load(String name) {
        String path = "/conformance/" + name;
        try (InputStream in = Conformance.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails unless every top-level field of the data file {@code file} is metadata (description, generator, source,
     * tolerance) or one of {@code handled}: a regenerated file with a new kind of case then fails the test that reads
     * it instead of being skipped silently.
     */
    public static void assertOnlyKnownFields(String file, JsonNode root, String... handled) {
        Set<String> known = new TreeSet<>(List.of("description", "generator", "source", "tolerance"));
        known.addAll(List.of(handled));
        root.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                fail(file + " has a field '" + field + "' this test does not handle (it handles " + known + ")");
            }
        });
    }

    /** A number that may be written as a string for non-finite values. */
    public static double number(JsonNode n) {
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(n.asText());
            };
        }
        return n.asDouble();
    }

    public static double[] numbers(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = number(array.get(i));
        }
        return d;
    }

    public static int[] ints(JsonNode array) {
        int[] d = new int[array.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = array.get(i).asInt();
        }
        return d;
    }

    /** A {dtype, shape, data} object as a tensor of that dtype. */
    public static Tensor tensor(JsonNode t) {
        int[] shape = ints(t.get("shape"));
        DType dtype = DType.fromTorchName(t.get("dtype").asText());
        JsonNode data = t.get("data");
        if (shape.length == 0) {
            return switch (dtype) {
                case INT64, INT32 -> Tensor.scalar(data.get(0).asLong());
                case BOOL -> Tensor.scalar(data.get(0).asBoolean());
                default -> Tensor.scalar(number(data.get(0)), dtype);
            };
        }
        return switch (dtype) {
            case INT64, INT32 -> {
                long[] v = new long[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(i).asLong();
                }
                yield Tensor.of(v, shape).to(dtype);
            }
            case BOOL -> {
                boolean[] v = new boolean[data.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = data.get(i).asBoolean();
                }
                yield Tensor.of(v, shape);
            }
            default -> Tensor.of(numbers(data), dtype, shape);
        };
    }

    /**
     * Asserts that {@code actual} matches the expected {dtype, shape, data}: same shape; NaN where NaN; infinities of
     * the same sign; finite values by the data files' rule |a − e| ≤ r·max(|e|, floor) with r = {@code rel} and
     * floor = {@code abs}/{@code rel} (so {@code abs} is the absolute tolerance near 0).
     */
    public static void assertClose(String what, JsonNode expected, Tensor actual, double rel, double abs) {
        assertArrayEquals(ints(expected.get("shape")), actual.shape(), what + ": shape");
        assertClose(what, numbers(expected.get("data")), actual.toDoubleArray(), rel, abs);
    }

    /**
     * Elementwise comparison with the same rules as {@link #assertClose(String, JsonNode, Tensor, double, double)}:
     * {@code abs} is the tolerance near 0, that is the floor of the rule is {@code abs / rel}.
     */
    public static void assertClose(String what, double[] expected, double[] actual, double rel, double abs) {
        if (rel == 0) {
            compare(what, expected, actual, e -> abs, "abs " + abs);
        } else {
            assertWithinRule(what, expected, actual, rel, abs / rel);
        }
    }

    /**
     * The data files' rule (shared/conformance/README.md and each file's {@code tolerance}): NaN where NaN,
     * infinities of the same sign, and finite values with |a − e| ≤ r·max(|e|, floor).
     */
    public static void assertWithinRule(String what, double[] expected, double[] actual, double r, double floor) {
        compare(what, expected, actual, e -> r * Math.max(Math.abs(e), floor), r + "·max(|e|, " + floor + ")");
    }

    private static void compare(String what, double[] expected, double[] actual, DoubleUnaryOperator tolerance,
            String rule) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
                if (Double.compare(e, a) != 0 && !(Double.isNaN(e) && Double.isNaN(a))) {
                    fail(what + "[" + i + "]: expected " + e + " but got " + a);
                }
                continue;
            }
            if (!(Math.abs(a - e) <= tolerance.applyAsDouble(e))) {
                fail(what + "[" + i + "]: expected " + e + " but got " + a + " (diff " + Math.abs(a - e)
                        + " > " + rule + ")");
            }
        }
    }
}
