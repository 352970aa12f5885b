package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend-conformance suite: the backend named by {@link #backendName()} runs the cases with expectations which are computed independently in the test (Java {@code Math} formulas, naive loops, known
 * constants). Each case makes the backend the default with {@link Backends#setDefault(String)}, so factories and op
 * results live on it, and checks the results really do. Covered: fill; copy with conversion between all 7 dtypes;
 * every unary and binary kernel on float32/float64 (and the integral/bool ones), including broadcast (0-stride),
 * transposed and narrowed inputs, in-place outputs, 0-d and zero-size tensors; where; reductions over several dims
 * with keepDim and empty dims; argmax/argmin ties and NaN; matmul shapes incl. transposed views and batches;
 * gather/scatterAdd/indexSelect incl. repeated and out-of-range indices; tensors made on another backend.
 *
 * <p>Shared through alf-core's test-jar: each backend module runs the very same cases with a subclass that overrides
 * {@link #backendName()} ({@code Nd4jBackendConformanceTest} in {@code alf-backend-nd4j}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendConformanceTest {
    private Backend previous;

    /** The backend under test (made the default for each case). */
    protected String backendName() {
        return "cpu";
    }

    /** The parameter source of every case: the backend under test. */
    Stream<String> backends() {
        return Stream.of(backendName());
    }

    private void use(String backend) {
        previous = Backends.setDefault(backend);
    }

    @AfterEach
    void restore() {
        if (previous != null) {
            Backends.setDefault(previous);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static double tolerance(DType dt) {
        return switch (dt) {
            case FLOAT64 -> 1e-12;
            case FLOAT32 -> 2e-6;
            default -> 1e-2;
        };
    }

    /** Values equal within the dtype's tolerance (relative, with the same absolute floor); NaN and ±inf exactly. */
    private static void assertValues(String what, double[] expected, Tensor actual) {
        double tol = tolerance(actual.dtype());
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length, what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double g = got[i];
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                assertEquals(e, g, 0.0, what + " [" + i + "]");
            } else if (!(Math.abs(e - g) <= tol * Math.max(1.0, Math.abs(e)))) {
                fail(what + " [" + i + "]: expected " + e + " but got " + g);
            }
        }
    }

    private static void assertOnBackend(String backend, Tensor t) {
        assertEquals(backend, t.backend().name(), "result should live on the default backend");
    }

    private static double[] map(double[] x, DoubleUnaryOperator f) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = f.applyAsDouble(x[i]);
        }
        return r;
    }

    private static Tensor make(double[] values, DType dt, int... shape) {
        return Tensor.of(values, dt, shape);
    }

    // ------------------------------------------------------------------ fill and copy

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void fillsEveryDtypeAndStridedViews(String backend) {
        use(backend);
        for (DType dt : DType.values()) {
            Tensor t = Tensor.full(dt, 2.5, 2, 3);
            assertOnBackend(backend, t);
            double v = dt.isFloatingPoint() ? 2.5 : dt == DType.BOOL ? 1.0 : 2.0;
            assertValues("full " + dt, new double[] {v, v, v, v, v, v}, t);
        }
        Tensor z = Tensor.zeros(3, 4);
        z.t().narrow(0, 1, 2).fill_(7);
        assertValues("fill_ on a transposed, narrowed view",
                new double[] {0, 7, 7, 0, 0, 7, 7, 0, 0, 7, 7, 0}, z);
        assertValues("0-d full", new double[] {-1.5}, Tensor.full(DType.FLOAT64, -1.5));
        assertEquals(0, Tensor.full(DType.FLOAT32, 3, 0, 4).numel());
        assertValues("fill -0.7 into int32 truncates", new double[] {0, 0}, Tensor.full(DType.INT32, -0.7, 2));
    }

    /** The value a cast to {@code dt} leaves, for values exactly representable in every floating dtype. */
    private static double castReference(double v, DType dt) {
        return switch (dt) {
            case BOOL -> v != 0 ? 1 : 0;
            case INT32, INT64 -> v < 0 ? Math.ceil(v) : Math.floor(v);
            default -> v;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void copyConvertsBetweenAllDtypes(String backend) {
        use(backend);
        // exactly representable in float16 and bfloat16 too, so only the integral/bool casts change them
        double[] values = {0.0, 1.0, -2.75, 3.5, -0.5, 96.0, 0.25};
        for (DType from : DType.values()) {
            double[] src = map(values, v -> castReference(v, from));
            Tensor a = make(values, from, values.length);
            assertValues("make " + from, src, a);
            for (DType to : DType.values()) {
                Tensor b = a.to(to);
                assertEquals(to, b.dtype());
                assertOnBackend(backend, b);
                assertValues(from + " -> " + to, map(src, v -> castReference(v, to)), b);
            }
        }
        // rounding to the 16-bit floats is to nearest even: 1/3 -> 0x3555 (float16), 0x3EAB (bfloat16)
        Tensor third = Tensor.scalar(1.0 / 3.0, DType.FLOAT64);
        assertEquals(0.333251953125, third.to(DType.FLOAT16).item(), 0.0);
        assertEquals(0.333984375, third.to(DType.BFLOAT16).item(), 0.0);
        // int64 beyond 2^53 round-trips exactly
        long big = (1L << 60) + 3;
        assertEquals(big, Tensor.of(new long[] {big}).to(DType.INT64).copy().toLongArray()[0]);
        // strided source and destination: contiguous() of a transpose, copy_ into a narrowed view
        Tensor m = make(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT32, 2, 3);
        assertValues("transpose contiguous", new double[] {1, 4, 2, 5, 3, 6}, m.t().contiguous());
        Tensor dst = Tensor.zeros(DType.FLOAT64, 3, 3);
        dst.narrow(1, 1, 2).copy_(m.t().narrow(1, 0, 2));
        assertValues("copy_ into a view", new double[] {0, 1, 4, 0, 2, 5, 0, 3, 6}, dst);
    }

    // ------------------------------------------------------------------ unary

    private static final double EULER_GAMMA = 0.5772156649015329;

    /** Independent references for every unary kernel, with inputs inside each op's domain. */
    private static Map<UnaryOp, Object[]> unaryCases() {
        double[] general = {-3.5, -1.25, -0.5, 0.0, 0.3, 1.0, 2.5, 7.0};
        double[] positive = {0.25, 0.5, 1.0, 2.5, 7.0};
        double[] unit = {-0.9, -0.5, 0.0, 0.25, 0.75};
        Map<UnaryOp, Object[]> m = new EnumMap<>(UnaryOp.class);
        m.put(UnaryOp.NEG, new Object[] {general, (DoubleUnaryOperator) x -> -x});
        m.put(UnaryOp.ABS, new Object[] {general, (DoubleUnaryOperator) x -> x < 0 ? -x : x});
        m.put(UnaryOp.SIGN, new Object[] {general, (DoubleUnaryOperator) x -> x > 0 ? 1 : x < 0 ? -1 : 0});
        m.put(UnaryOp.EXP, new Object[] {general, (DoubleUnaryOperator) Math::exp});
        m.put(UnaryOp.LOG, new Object[] {positive, (DoubleUnaryOperator) Math::log});
        m.put(UnaryOp.LOG1P, new Object[] {positive, (DoubleUnaryOperator) x -> Math.log(1 + x)});
        m.put(UnaryOp.EXPM1, new Object[] {general, (DoubleUnaryOperator) x -> Math.exp(x) - 1});
        m.put(UnaryOp.TANH, new Object[] {general,
            (DoubleUnaryOperator) x -> (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1)});
        m.put(UnaryOp.ATANH, new Object[] {unit, (DoubleUnaryOperator) x -> 0.5 * Math.log((1 + x) / (1 - x))});
        m.put(UnaryOp.SIGMOID, new Object[] {general, (DoubleUnaryOperator) x -> 1 / (1 + Math.exp(-x))});
        m.put(UnaryOp.SOFTPLUS, new Object[] {general, (DoubleUnaryOperator) x -> Math.log(1 + Math.exp(x))});
        m.put(UnaryOp.RELU, new Object[] {general, (DoubleUnaryOperator) x -> x > 0 ? x : 0});
        m.put(UnaryOp.SOFTSIGN, new Object[] {general, (DoubleUnaryOperator) x -> x / (1 + Math.abs(x))});
        m.put(UnaryOp.SQRT, new Object[] {positive, (DoubleUnaryOperator) Math::sqrt});
        m.put(UnaryOp.RSQRT, new Object[] {positive, (DoubleUnaryOperator) x -> 1 / Math.sqrt(x)});
        m.put(UnaryOp.RECIPROCAL, new Object[] {positive, (DoubleUnaryOperator) x -> 1 / x});
        m.put(UnaryOp.SQUARE, new Object[] {general, (DoubleUnaryOperator) x -> x * x});
        m.put(UnaryOp.SIN, new Object[] {general, (DoubleUnaryOperator) Math::sin});
        m.put(UnaryOp.COS, new Object[] {general, (DoubleUnaryOperator) Math::cos});
        m.put(UnaryOp.FLOOR, new Object[] {general, (DoubleUnaryOperator) Math::floor});
        m.put(UnaryOp.CEIL, new Object[] {general, (DoubleUnaryOperator) Math::ceil});
        m.put(UnaryOp.ROUND, new Object[] {new double[] {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.6, -2.4},
            (DoubleUnaryOperator) x -> new double[] {-2, -2, -0.0, 0, 2, 2, 3, -2}[indexOfRound(x)]});
        // known values: lgamma(1) = lgamma(2) = 0, Γ(1/2) = √π; ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(2) = 1 − γ;
        // ψ₁(1) = π²/6, ψ₁(1/2) = π²/2, ψ₁(2) = π²/6 − 1 (Abramowitz & Stegun 6.1, 6.3, 6.4)
        double[] gammaPoints = {0.5, 1.0, 2.0};
        m.put(UnaryOp.LGAMMA, new Object[] {gammaPoints, (DoubleUnaryOperator) x -> x == 0.5
            ? 0.5 * Math.log(Math.PI) : 0.0});
        m.put(UnaryOp.DIGAMMA, new Object[] {gammaPoints, (DoubleUnaryOperator) x -> x == 0.5
            ? -EULER_GAMMA - 2 * Math.log(2) : x == 1.0 ? -EULER_GAMMA : 1 - EULER_GAMMA});
        m.put(UnaryOp.TRIGAMMA, new Object[] {gammaPoints, (DoubleUnaryOperator) x -> x == 0.5
            ? Math.PI * Math.PI / 2 : x == 1.0 ? Math.PI * Math.PI / 6 : Math.PI * Math.PI / 6 - 1});
        m.put(UnaryOp.LOGICAL_NOT, new Object[] {general, (DoubleUnaryOperator) x -> x == 0 ? 1 : 0});
        m.put(UnaryOp.ISNAN, new Object[] {new double[] {Double.NaN, 1, Double.POSITIVE_INFINITY, -0.0},
            (DoubleUnaryOperator) x -> x != x ? 1 : 0});
        m.put(UnaryOp.ISFINITE, new Object[] {new double[] {Double.NaN, 1, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -3}, (DoubleUnaryOperator) x -> x - x == 0 ? 1 : 0});
        return m;
    }

    private static int indexOfRound(double x) {
        double[] in = {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.6, -2.4};
        for (int i = 0; i < in.length; i++) {
            if (in[i] == x) {
                return i;
            }
        }
        throw new IllegalArgumentException("no rounding reference for " + x);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyUnaryKernelMatchesItsReference(String backend) {
        use(backend);
        Map<UnaryOp, Object[]> cases = unaryCases();
        for (UnaryOp op : UnaryOp.values()) {
            Object[] c = cases.get(op);
            assertTrue(c != null, "no test case for " + op);
            double[] in = (double[]) c[0];
            double[] expected = map(in, (DoubleUnaryOperator) c[1]);
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = make(in, dt, in.length);
                Tensor out = Tensor.empty(op.producesBool() ? DType.BOOL : dt, Device.CPU, in.length);
                Backends.defaultBackend().unary(op, x, out);
                assertOnBackend(backend, out);
                assertValues(op + " " + dt, expected, out);
                // strided: the same values read through a transposed [n, 1] -> [1, n] view and written to a column
                Tensor col = Tensor.empty(out.dtype(), Device.CPU, 2, in.length);
                Tensor target = col.select(0, 1);
                Backends.defaultBackend().unary(op, x.view(in.length, 1).t(), target.view(1, in.length));
                assertValues(op + " " + dt + " strided", expected, target);
            }
        }
    }

    /**
     * {@link Backend#allFinite}: exact for NaN and both infinities at every position of a run longer than any vector
     * (so a vector body and a scalar tail both see them), for finite extremes whose sum would overflow, for strided
     * views (only their own elements count) and for integral tensors.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void allFiniteIsExactAtEveryPosition(String backend) {
        use(backend);
        Backend b = Backends.defaultBackend();
        int n = 37;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = (i % 3 - 1) * 1.5e-3 * i;
            }
            assertTrue(b.allFinite(make(values, dt, n)), dt.toString());
            for (int at : new int[] {0, 15, 16, 31, 32, 36}) {
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    double[] withBad = values.clone();
                    withBad[at] = bad;
                    assertTrue(!b.allFinite(make(withBad, dt, n)), dt + " holding " + bad + " at " + at);
                }
            }
            double max = dt == DType.FLOAT32 ? Float.MAX_VALUE : Double.MAX_VALUE;
            assertTrue(b.allFinite(make(new double[] {max, max, -max, max}, dt, 4)), "finite extremes " + dt);
            double[] grid = {1, 2, Double.NaN, 4, 5, 6};
            Tensor matrix = make(grid, dt, 2, 3);
            assertTrue(!b.allFinite(matrix.transpose(0, 1)), "the transposed view holds the NaN");
            assertTrue(b.allFinite(matrix.narrow(1, 0, 2)), "the narrowed view leaves the NaN out");
        }
        assertTrue(b.allFinite(Tensor.zeros(DType.INT64, 3)), "integral tensors are finite");
    }

    /**
     * atanh to a few ulps where the textbook ½·log((1+x)/(1−x)) loses digits: tiny |x| (where 1 ± x rounds to 1; the
     * reference is the series x + x³/3 + x⁵/5, whose next term is far below an ulp there) and both tails x = tanh(±t)
     * (where the reference is that very formula in float64, exact up to an ulp or two by Sterbenz's lemma since
     * 1 − |x| is computed exactly for |x| ≥ ½).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void atanhIsAccurateNearZeroAndOnBothTails(String backend) {
        use(backend);
        double[] tiny = {1e-12, -3e-9, 2.5e-7, -1e-5};
        double[] tails = new double[2 * 15];
        for (int i = 0; i < 15; i++) {
            tails[2 * i] = Math.tanh(1 + 0.5 * i);
            tails[2 * i + 1] = -tails[2 * i];
        }
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (double[] in : new double[][] {tiny, tails}) {
                Tensor x = make(in, dt, in.length);
                double[] stored = x.to(DType.FLOAT64).toDoubleArray();
                double[] actual = x.atanh().to(DType.FLOAT64).toDoubleArray();
                for (int i = 0; i < in.length; i++) {
                    double y = stored[i];
                    if (Math.abs(y) == 1.0) {
                        continue;
                    }
                    double expected = Math.abs(y) < 1e-4 ? y + y * y * y / 3 + Math.pow(y, 5) / 5
                            : 0.5 * Math.log((1 + y) / (1 - y));
                    double ulps = dt == DType.FLOAT32 ? Math.ulp((float) expected) : 4 * Math.ulp(expected);
                    assertEquals(expected, actual[i], ulps, "atanh(" + y + ") in " + dt + " on " + backend);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void unarySpecialValuesIntegralAndInPlace(String backend) {
        use(backend);
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double[] special = {nan, inf, -inf, -0.5, 0.5};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = make(special, dt, special.length);
            assertValues("relu keeps NaN " + dt, new double[] {nan, inf, 0, 0, 0.5}, x.relu());
            assertValues("abs " + dt, new double[] {nan, inf, inf, 0.5, 0.5}, x.abs());
            assertValues("sign " + dt, new double[] {nan, 1, -1, -1, 1}, x.sign());
            assertValues("exp " + dt, new double[] {nan, inf, 0, Math.exp(-0.5), Math.exp(0.5)}, x.exp());
            assertValues("sigmoid " + dt, new double[] {nan, 1, 0, 1 / (1 + Math.exp(0.5)),
                1 / (1 + Math.exp(-0.5))}, x.sigmoid());
        }
        // softplus is stable far from 0 (log(1 + e^x) overflows there if evaluated naively)
        Tensor far = make(new double[] {-800, 800}, DType.FLOAT64, 2);
        assertValues("softplus far", new double[] {0, 800}, far.softplus());
        Tensor farF = make(new double[] {-100, 100}, DType.FLOAT32, 2);
        assertValues("softplus far float32", new double[] {Math.exp(-100), 100}, farF.softplus());
        // integral kernels are exact on int32 and int64
        long big = (1L << 60) + 1;
        Tensor l = Tensor.of(new long[] {-3, 0, 5, big});
        assertArrayEquals(new long[] {3, 0, -5, -big}, l.neg().toLongArray());
        assertArrayEquals(new long[] {3, 0, 5, big}, l.abs().toLongArray());
        assertArrayEquals(new long[] {-1, 0, 1, 1}, l.sign().toLongArray());
        assertArrayEquals(new long[] {0, 0, 5, big}, l.relu().toLongArray());
        Tensor i = Tensor.of(new int[] {-3, 0, 7});
        assertArrayEquals(new int[] {9, 0, 49}, i.square().toIntArray());
        assertEquals(DType.FLOAT32, i.exp().dtype());
        assertValues("exp of int32 is float32", new double[] {Math.exp(-3), 1, Math.exp(7)}, i.exp());
        assertArrayEquals(new boolean[] {false, true, false}, i.logicalNot().toBooleanArray());
        // in place (the output is the input) on a strided view
        Tensor m = make(new double[] {-1, 2, -3, 4, -5, 6}, DType.FLOAT32, 2, 3);
        try (var ignored = GradMode.noGrad()) {
            m.t().narrow(0, 1, 2).relu_();
        }
        assertValues("relu_ on a view", new double[] {-1, 2, 0, 4, 0, 6}, m);
        Tensor h = make(new double[] {0.5, -2}, DType.FLOAT64, 2).tanh_();
        assertValues("tanh_", new double[] {Math.tanh(0.5), Math.tanh(-2)}, h);
        // 0-d and zero-size
        assertValues("0-d exp", new double[] {Math.exp(1.5)}, Tensor.scalar(1.5, DType.FLOAT64).exp());
        assertEquals(0, Tensor.zeros(0, 3).exp().numel());
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(0, 3).tanh().shape());
    }

    // ------------------------------------------------------------------ binary

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyBinaryKernelOnFloats(String backend) {
        use(backend);
        double[] a = {-3.5, -1.25, 0.0, 0.5, 2.0, 7.0};
        double[] b = {2.0, -0.5, 3.0, 0.5, -4.0, 2.5};
        Map<BinaryOp, java.util.function.DoubleBinaryOperator> ref = new EnumMap<>(BinaryOp.class);
        ref.put(BinaryOp.ADD, (x, y) -> x + y);
        ref.put(BinaryOp.SUB, (x, y) -> x - y);
        ref.put(BinaryOp.MUL, (x, y) -> x * y);
        ref.put(BinaryOp.DIV, (x, y) -> x / y);
        ref.put(BinaryOp.FLOOR_DIV, (x, y) -> Math.floor(x / y));
        ref.put(BinaryOp.REMAINDER, (x, y) -> x - Math.floor(x / y) * y);
        ref.put(BinaryOp.POW, (x, y) -> x < 0 && y != Math.rint(y) ? Double.NaN : Math.pow(x, y));
        ref.put(BinaryOp.MAXIMUM, Math::max);
        ref.put(BinaryOp.MINIMUM, Math::min);
        ref.put(BinaryOp.ATAN2, Math::atan2);
        ref.put(BinaryOp.RELU_BACKWARD, (g, x) -> x > 0 ? g : 0);
        ref.put(BinaryOp.EQ, (x, y) -> x == y ? 1 : 0);
        ref.put(BinaryOp.NE, (x, y) -> x != y ? 1 : 0);
        ref.put(BinaryOp.LT, (x, y) -> x < y ? 1 : 0);
        ref.put(BinaryOp.LE, (x, y) -> x <= y ? 1 : 0);
        ref.put(BinaryOp.GT, (x, y) -> x > y ? 1 : 0);
        ref.put(BinaryOp.GE, (x, y) -> x >= y ? 1 : 0);
        ref.put(BinaryOp.LOGICAL_AND, (x, y) -> x != 0 && y != 0 ? 1 : 0);
        ref.put(BinaryOp.LOGICAL_OR, (x, y) -> x != 0 || y != 0 ? 1 : 0);
        ref.put(BinaryOp.LOGICAL_XOR, (x, y) -> (x != 0) != (y != 0) ? 1 : 0);
        for (BinaryOp op : BinaryOp.values()) {
            assertTrue(ref.containsKey(op), "no test case for " + op);
            double[] expected = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                expected[i] = ref.get(op).applyAsDouble(a[i], b[i]);
            }
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor x = make(a, dt, 2, 3);
                Tensor y = make(b, dt, 2, 3);
                DType ot = op.producesBool() ? DType.BOOL : dt;
                Tensor out = Tensor.empty(ot, Device.CPU, 2, 3);
                Backends.defaultBackend().binary(op, x, y, out);
                assertValues(op + " " + dt, expected, out);
                // transposed operands into a transposed output
                Tensor outT = Tensor.empty(ot, Device.CPU, 3, 2);
                Backends.defaultBackend().binary(op, make(a, dt, 3, 2).t(), make(b, dt, 3, 2).t(), outT.t());
                double[] expectedT = new double[6];
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 2; c++) {
                        expectedT[r * 2 + c] = ref.get(op).applyAsDouble(a[r * 2 + c], b[r * 2 + c]);
                    }
                }
                assertValues(op + " " + dt + " transposed", expectedT, outT);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void broadcastInPlaceNanAndScalars(String backend) {
        use(backend);
        Tensor m = make(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT32, 2, 3);
        Tensor row = make(new double[] {10, 20, 30}, DType.FLOAT32, 3);
        Tensor col = make(new double[] {100, 200}, DType.FLOAT32, 2, 1);
        Tensor r = m.add(row);
        assertOnBackend(backend, r);
        assertValues("[2,3] + [3]", new double[] {11, 22, 33, 14, 25, 36}, r);
        assertValues("[2,1] * [3] (both broadcast)", new double[] {1000, 2000, 3000, 2000, 4000, 6000},
                col.mul(row));
        assertValues("[2,3] - 0-d", new double[] {-1, 0, 1, 2, 3, 4}, m.sub(Tensor.scalar(2.0)));
        assertValues("Java number operand", new double[] {0.5, 1, 1.5, 2, 2.5, 3}, m.div(2.0));
        assertValues("rsub", new double[] {0, -1, -2, -3, -4, -5}, m.rsub(1.0));
        assertValues("transposed + broadcast", new double[] {101, 102, 103, 204, 205, 206},
                m.t().add(col.t()).t());
        // in place with a broadcast operand, into a strided view
        Tensor acc = Tensor.zeros(3, 2);
        acc.t().addi(row);
        assertValues("addi into a transposed view", new double[] {10, 10, 20, 20, 30, 30}, acc);
        acc.muli(2.0).subi(Tensor.scalar(1.0)).divi(col.t());
        assertValues("chained in place", new double[] {0.19, 0.095, 0.39, 0.195, 0.59, 0.295}, acc);
        // NaN propagates through maximum/minimum, clamp keeps it
        double nan = Double.NaN;
        Tensor p = make(new double[] {nan, 1, 5, -2}, DType.FLOAT64, 4);
        Tensor q = make(new double[] {0, nan, 3, -1}, DType.FLOAT64, 4);
        assertValues("maximum NaN", new double[] {nan, nan, 5, -1}, p.maximum(q));
        assertValues("minimum NaN", new double[] {nan, nan, 3, -2}, p.minimum(q));
        assertValues("clamp", new double[] {nan, 1, 2, -1}, p.clamp(-1, 2));
        assertValues("remainder sign of divisor", new double[] {2, 0.5, -1, -0.5},
                make(new double[] {-1, 3.5, 5, -0.5}, DType.FLOAT64, 4)
                        .remainder(make(new double[] {3, 1.5, -3, -1}, DType.FLOAT64, 4)));
        // 0-d op 0-d, and zero-size broadcasting
        Tensor s = Tensor.scalar(2.0).mul(Tensor.scalar(4.0));
        assertEquals(0, s.dim());
        assertValues("0-d * 0-d", new double[] {8}, s);
        Tensor e = Tensor.zeros(0, 3).add(row);
        assertArrayEquals(new int[] {0, 3}, e.shape());
        assertOnBackend(backend, e);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void integralAndBoolBinaryKernels(String backend) {
        use(backend);
        long big = (1L << 60) + 7;
        Tensor a = Tensor.of(new long[] {-7, 7, big, 0});
        Tensor b = Tensor.of(new long[] {2, -2, 1, 5});
        assertArrayEquals(new long[] {-5, 5, big + 1, 5}, a.add(b).toLongArray());
        assertArrayEquals(new long[] {-14, -14, big, 0}, a.mul(b).toLongArray());
        assertArrayEquals(new long[] {-4, -4, big, 0}, a.floorDivide(b).toLongArray());
        assertArrayEquals(new long[] {1, -1, 0, 0}, a.remainder(b).toLongArray());
        assertArrayEquals(new long[] {2, 7, big, 5}, a.maximum(b).toLongArray());
        assertArrayEquals(new long[] {-7, -2, 1, 0}, a.minimum(b).toLongArray());
        assertArrayEquals(new long[] {49, 49}, a.narrow(0, 0, 2).pow(Tensor.of(new long[] {2, 2})).toLongArray());
        assertArrayEquals(new boolean[] {true, false, false, true}, a.lt(b).toBooleanArray());
        assertThrows(ArithmeticException.class, () -> a.floorDivide(Tensor.of(new long[] {1, 1, 1, 0})));
        Tensor i = Tensor.of(new int[] {3, -4});
        assertEquals(DType.INT32, i.add(i).dtype());
        assertArrayEquals(new int[] {6, -8}, i.add(i).toIntArray());
        assertValues("int32 true division is float32", new double[] {1.5, -2}, i.div(Tensor.of(new int[] {2, 2})));
        assertArrayEquals(new long[] {5, -2}, i.add(Tensor.of(new long[] {2, 2})).toLongArray());
        Tensor t = Tensor.of(new boolean[] {true, true, false, false});
        Tensor f = Tensor.of(new boolean[] {true, false, true, false});
        assertArrayEquals(new boolean[] {true, false, false, false}, t.logicalAnd(f).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true, false}, t.logicalOr(f).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true, false}, t.logicalXor(f).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false, true}, t.eq(f).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true, false}, t.add(f).toBooleanArray());
        Tensor c = make(new double[] {0.5, Double.NaN, -1}, DType.FLOAT32, 3);
        assertArrayEquals(new boolean[] {true, true, true}, c.logicalOr(Tensor.scalar(1.0)).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false}, c.ne(c).toBooleanArray());
    }

    // ------------------------------------------------------------------ where

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void whereBroadcastsEveryOperand(String backend) {
        use(backend);
        Tensor cond = Tensor.of(new boolean[] {true, false, true}, 3);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.BOOL,
            DType.FLOAT16}) {
            Tensor a = make(new double[] {1, 2, 3, 4, 5, 6}, dt, 2, 3);
            Tensor b = make(new double[] {0}, dt, 1).reshape(new int[0]);
            Tensor w = Tensor.where(cond, a, b);
            assertOnBackend(backend, w);
            assertEquals(dt, w.dtype());
            double one = dt == DType.BOOL ? 1 : 0;
            double[] expected = dt == DType.BOOL ? new double[] {1, 0, 1, 1, 0, 1}
                    : new double[] {1, one, 3, 4, one, 6};
            assertValues("where " + dt, expected, w);
        }
        Tensor x = make(new double[] {1, 2, 3, 4}, DType.FLOAT32, 2, 2);
        Tensor wt = Tensor.where(Tensor.of(new boolean[] {true, false, false, true}, 2, 2).t(), x.t(), x);
        assertValues("where transposed", new double[] {1, 2, 3, 4}, wt);
        assertValues("where 0-d", new double[] {7}, Tensor.where(Tensor.scalar(false), Tensor.scalar(1.0),
                Tensor.scalar(7.0)));
        assertEquals(0, Tensor.where(Tensor.of(new boolean[0], 0), Tensor.zeros(0), Tensor.ones(0)).numel());
    }

    // ------------------------------------------------------------------ reductions

    private static double[] iota(int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = i + 1;
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void reductionsOverSeveralDims(String backend) {
        use(backend);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = make(iota(24), dt, 2, 3, 4);
            // naive references over the [2,3,4] layout, value = 1 + 12i + 4j + k
            double[] sum0 = new double[12];
            double[] sum02 = new double[3];
            double[] sum12 = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        double v = 1 + 12 * i + 4 * j + k;
                        sum0[j * 4 + k] += v;
                        sum02[j] += v;
                        sum12[i] += v;
                    }
                }
            }
            assertValues("sum dim 0 " + dt, sum0, x.sum(0, false));
            Tensor k02 = x.sum(new int[] {0, 2}, true);
            assertArrayEquals(new int[] {1, 3, 1}, k02.shape());
            assertValues("sum dims 0,2 keepdim " + dt, sum02, k02);
            assertValues("sum dims 1,2 " + dt, sum12, x.sum(new int[] {1, 2}, false));
            assertValues("sumAll " + dt, new double[] {300}, x.sumAll());
            assertValues("mean over dim 1 of a transposed view " + dt, new double[] {7, 8, 9, 10},
                    x.select(1, 0).t().mean(1, false));
            assertValues("amax dim 1 " + dt, new double[] {9, 10, 11, 12, 21, 22, 23, 24}, x.amax(1, false));
            assertValues("amin dim 0 twice " + dt, new double[] {1, 2, 3, 4}, x.amin(0, false).amin(0, false));
            Tensor out = Tensor.empty(dt, Device.CPU, 2, 1, 1);
            Backends.defaultBackend().reduce(ReduceOp.PROD, make(new double[] {1, 2, 3, 4, 0.5, -2, 1, 1}, dt,
                    2, 2, 2), new boolean[] {false, true, true}, out);
            assertValues("prod " + dt, new double[] {24, -1}, out);
            // NaN propagates through max/min and sum
            double nan = Double.NaN;
            Tensor withNan = make(new double[] {1, nan, 3, 4, 5, 6}, dt, 2, 3);
            assertValues("amax NaN " + dt, new double[] {nan, 6}, withNan.amax(1, false));
            assertValues("amin NaN " + dt, new double[] {1, nan, 3}, withNan.amin(0, false));
            assertValues("sum NaN " + dt, new double[] {nan, 15}, withNan.sum(1, false));
        }
        // empty dims: the identity, and reducing no dims at all copies
        Tensor empty = Tensor.zeros(0, 3);
        assertValues("sum over an empty dim", new double[] {0, 0, 0}, empty.sum(0, false));
        assertArrayEquals(new int[] {0}, empty.sum(1, false).shape());
        assertArrayEquals(new int[] {1, 3}, empty.sum(0, true).shape());
        Tensor outE = Tensor.empty(DType.FLOAT64, Device.CPU, 1, 3);
        Backends.defaultBackend().reduce(ReduceOp.PROD, Tensor.zeros(DType.FLOAT64, 0, 3), new boolean[] {true,
            false}, outE);
        assertValues("prod over an empty dim", new double[] {1, 1, 1}, outE);
        Tensor same = Tensor.empty(DType.FLOAT32, Device.CPU, 2, 2);
        Backends.defaultBackend().reduce(ReduceOp.SUM, make(new double[] {1, 2, 3, 4}, DType.FLOAT32, 2, 2).t(),
                new boolean[] {false, false}, same);
        assertValues("reduce over no dim", new double[] {1, 3, 2, 4}, same);
        // integral sums accumulate in int64, bool counts; any / all
        Tensor ints = Tensor.of(new int[] {2_000_000_000, 2_000_000_000, 5, 6}, 2, 2);
        Tensor is = ints.sum(0, false);
        assertEquals(DType.INT64, is.dtype());
        assertArrayEquals(new long[] {2_000_000_005L, 2_000_000_006L}, is.toLongArray());
        long big = (1L << 60) + 1;
        assertArrayEquals(new long[] {big + 1}, Tensor.of(new long[] {big, 1}).sum(0, false).toLongArray());
        Tensor flags = Tensor.of(new boolean[] {true, false, true, true, false, false}, 2, 3);
        assertArrayEquals(new long[] {2, 1}, flags.sum(1, false).toLongArray());
        assertArrayEquals(new boolean[] {true, true}, flags.any(1, false).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false}, flags.all(0, false).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, make(new double[] {0, Double.NaN, 2, 0}, DType.FLOAT32, 2, 2)
                .any(1, false).toBooleanArray());
        // 0-d
        assertValues("sum of 0-d", new double[] {3.5}, Tensor.scalar(3.5).sum(new int[0], false));
        assertValues("sumAll of 0-d", new double[] {3.5}, Tensor.scalar(3.5).sumAll());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void argmaxTiesAndNan(String backend) {
        use(backend);
        double nan = Double.NaN;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = make(new double[] {1, 3, 3, 2, 5, 0, 5, 1, 0, 0, 0, 0}, dt, 3, 4);
            assertArrayEquals(new long[] {1, 0, 0}, x.argmax(1, false).toLongArray(), "ties " + dt);
            assertArrayEquals(new long[] {0, 1, 0}, x.argmin(1, false).toLongArray(), "argmin ties " + dt);
            assertArrayEquals(new long[] {1, 0, 1, 0}, x.argmax(0, false).toLongArray(), "dim 0 " + dt);
            assertArrayEquals(new long[] {1, 0, 1, 0}, x.t().argmax(1, false).toLongArray(), "transposed " + dt);
            Tensor k = x.argmax(1, true);
            assertArrayEquals(new int[] {3, 1}, k.shape());
            Tensor n = make(new double[] {1, nan, 5, nan, 7, 2}, dt, 2, 3);
            assertArrayEquals(new long[] {1, 0}, n.argmax(1, false).toLongArray(), "NaN is the max " + dt);
            assertArrayEquals(new long[] {1, 0}, n.argmin(1, false).toLongArray(), "NaN is the min " + dt);
        }
        assertArrayEquals(new long[] {2}, Tensor.of(new long[] {(1L << 60), 3, (1L << 60) + 1}).argmax(0, true)
                .toLongArray());
        assertEquals(0, Tensor.scalar(4.0).argmax(0, false).itemLong());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 2).argmax(0, false));
        assertEquals(0, Tensor.zeros(2, 0).argmax(0, false).numel());
    }

    // ------------------------------------------------------------------ matmul

    private static double[] naiveMatmul(double[] a, double[] b, int batch, int m, int k, int n) {
        double[] c = new double[batch * m * n];
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        s += a[p * m * k + i * k + q] * b[p * k * n + q * n + j];
                    }
                    c[p * m * n + i * n + j] = s;
                }
            }
        }
        return c;
    }

    private static double[] values(int n, double scale) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = scale * ((i * 7) % 11 - 5) / 4.0;
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void matmulShapesViewsAndBatches(String backend) {
        use(backend);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            int[][] shapes = {{1, 1, 1}, {3, 4, 2}, {5, 3, 7}, {4, 1, 3}, {2, 6, 1}};
            for (int[] s : shapes) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                double[] av = values(m * k, 1);
                double[] bv = values(k * n, -0.5);
                Tensor a = make(av, dt, m, k);
                Tensor b = make(bv, dt, k, n);
                double[] expected = naiveMatmul(av, bv, 1, m, k, n);
                Tensor c = a.matmul(b);
                assertOnBackend(backend, c);
                assertValues("matmul " + m + "x" + k + "x" + n + " " + dt, expected, c);
                // the same product from transposed storage: (aᵀ)ᵀ · (bᵀ)ᵀ
                Tensor at = a.t().contiguous().t();
                Tensor bt = b.t().contiguous().t();
                assertValues("matmul transposed views " + dt, expected, at.matmul(bt));
                assertValues("matmul mixed views " + dt, expected, at.matmul(b));
            }
            // batched, and a batch broadcast against a matrix
            double[] av = values(2 * 3 * 4, 1);
            double[] bv = values(2 * 4 * 5, 2);
            Tensor a3 = make(av, dt, 2, 3, 4);
            Tensor b3 = make(bv, dt, 2, 4, 5);
            assertValues("bmm " + dt, naiveMatmul(av, bv, 2, 3, 4, 5), a3.matmul(b3));
            double[] b2 = values(4 * 5, 3);
            double[] b2twice = new double[40];
            System.arraycopy(b2, 0, b2twice, 0, 20);
            System.arraycopy(b2, 0, b2twice, 20, 20);
            assertValues("batch x matrix " + dt, naiveMatmul(av, b2twice, 2, 3, 4, 5),
                    a3.matmul(make(b2, dt, 4, 5)));
            // vectors: 1-d · 1-d is 0-d, matrix · vector
            Tensor dot = make(new double[] {1, 2, 3}, dt, 3).matmul(make(new double[] {4, -5, 6}, dt, 3));
            assertEquals(0, dot.dim());
            assertValues("dot " + dt, new double[] {12}, dot);
            assertValues("matrix-vector " + dt, new double[] {0, 3}, make(new double[] {1, 2, 3, 4, 5, 6}, dt,
                    2, 3).t().t().matmul(make(new double[] {1, 1, -1}, dt, 3)));
            // empty inner and outer sizes
            assertValues("k = 0 gives zeros " + dt, new double[] {0, 0, 0, 0, 0, 0},
                    Tensor.zeros(dt, 2, 0).matmul(Tensor.zeros(dt, 0, 3)));
            assertArrayEquals(new int[] {0, 3}, Tensor.zeros(dt, 0, 4).matmul(Tensor.zeros(dt, 4, 3)).shape());
        }
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new long[] {1, 2}, 1, 2).matmul(Tensor.of(new long[] {1, 2}, 2, 1)));
    }

    // ------------------------------------------------------------------ indexing

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void gatherScatterAddIndexSelect(String backend) {
        use(backend);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            Tensor x = make(new double[] {1, 2, 3, 4, 5, 6}, dt, 2, 3);
            Tensor idx = Tensor.of(new long[] {2, 2, 0, 1, 0, 1}, 2, 3);
            Tensor g = x.gather(1, idx);
            assertOnBackend(backend, g);
            assertValues("gather dim 1 " + dt, new double[] {3, 3, 1, 5, 4, 5}, g);
            assertValues("gather dim 0 " + dt, new double[] {1, 5, 3},
                    x.gather(0, Tensor.of(new long[] {0, 1, 0}, 1, 3)));
            assertValues("gather from a transposed view " + dt, new double[] {4, 2, 6},
                    x.t().gather(1, Tensor.of(new long[] {1, 0, 1}, 3, 1)));
            // repeated indices accumulate
            Tensor base = make(new double[] {0, 0, 0, 10, 10, 10}, dt, 2, 3);
            Tensor sa = base.scatterAdd(1, idx, x);
            assertValues("scatterAdd repeated " + dt, new double[] {3, 0, 3, 15, 20, 10}, sa);
            assertValues("scatterAdd leaves self " + dt, new double[] {0, 0, 0, 10, 10, 10}, base);
            Tensor sel = x.indexSelect(1, Tensor.of(new long[] {2, 0, 2}));
            assertValues("indexSelect repeated " + dt, new double[] {3, 1, 3, 6, 4, 6}, sel);
            assertValues("indexSelect dim 0 of a view " + dt, new double[] {3, 6, 1, 4},
                    x.t().indexSelect(0, Tensor.of(new long[] {2, 0})));
            assertValues("indexSelect 0-d index " + dt, new double[] {4, 5, 6}, x.indexSelect(0, Tensor.scalar(1L)));
            // rows of a contiguous 3-d tensor that starts inside its storage (narrow along dim 0), repeated rows
            Tensor rows = make(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, dt, 6, 1, 2).narrow(0, 1, 4);
            assertValues("indexSelect rows of an offset tensor " + dt, new double[] {9, 10, 3, 4, 9, 10, 5, 6},
                    rows.indexSelect(0, Tensor.of(new long[] {3, 0, 3, 1})));
            assertThrows(IndexOutOfBoundsException.class, () -> rows.indexSelect(0, Tensor.of(new long[] {1, 4})));
        }
        Tensor x = Tensor.zeros(2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> x.gather(1, Tensor.of(new long[] {3}, 1, 1)));
        assertTrue(e.getMessage().contains("index 3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> x.scatterAdd(0, Tensor.of(new long[] {2}, 1, 1), Tensor.ones(1, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(1, Tensor.of(new long[] {0, 5})));
        assertArrayEquals(new int[] {2, 0}, x.indexSelect(1, Tensor.of(new long[0])).shape());
        assertEquals(0, x.gather(1, Tensor.of(new long[0], 2, 0)).numel());
    }

    // ------------------------------------------------------------------ mixing backends

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void operandsFromAnotherBackendAreAdopted(String backend) {
        use(backend);
        List<String> names = Backends.names();
        String other = names.get((names.indexOf(backend) + 1) % names.size());
        Backend mine = Backends.setDefault(other);
        Tensor foreign = make(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT32, 2, 3);
        Tensor foreignIdx = Tensor.of(new long[] {1, 0});
        Backends.setDefault(mine);
        assertEquals(other, foreign.backend().name());
        Tensor local = make(new double[] {10, 20, 30}, DType.FLOAT32, 3);
        Tensor r = foreign.t().add(Tensor.ones(3, 1)).t().mul(local);
        assertOnBackend(backend, r);
        assertValues("foreign operand", new double[] {20, 60, 120, 50, 120, 210}, r);
        assertValues("foreign reduce", new double[] {6, 15}, foreign.sum(1, false));
        assertValues("foreign matmul", new double[] {14, 32}, foreign.matmul(make(new double[] {1, 2, 3},
                DType.FLOAT32, 3)));
        assertValues("foreign index", new double[] {4, 5, 6, 1, 2, 3}, foreign.indexSelect(0, foreignIdx));
        // an in-place op on the foreign tensor keeps it on its own backend
        foreign.addi(local);
        assertEquals(other, foreign.backend().name());
        assertValues("in place on foreign", new double[] {11, 22, 33, 14, 25, 36}, foreign);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, foreign.toFloatArray());
        assertEquals(36.0, foreign.get(1, 2), 0.0);
        Tensor adopted = Backends.adopt(Backends.byName(backend), foreign.t());
        assertOnBackend(backend, adopted);
        assertValues("adopt a view", new double[] {11, 14, 22, 25, 33, 36}, adopted);
    }

    // ------------------------------------------------------------------ fused kernels

    private static void assertSameBits(String what, Tensor expected, Tensor actual) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what + ": element count");
        for (int i = 0; i < e.length; i++) {
            assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]), what + " [" + i + "]");
        }
    }

    /**
     * y ← β·y + α·x gives the bits of its composition (y·β in place, x·α, the sum) for every length (SIMD body and
     * scalar tail) and for special values, β and α rounded to the dtype like a Java number operand.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void scaleAddGivesTheBitsOfItsComposition(String backend) {
        use(backend);
        double[] specials = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-40, 3e38};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 7, 16, 17, 300}) {
                Rng rng = new Rng(53 + n);
                double[] yv = Tensor.randn(rng, DType.FLOAT64, n).toDoubleArray();
                double[] xv = Tensor.randn(rng, DType.FLOAT64, n).toDoubleArray();
                for (int i = 0; i < n; i += 3) {
                    yv[i] = specials[(i / 3) % specials.length];
                    xv[(i + 1) % n] = specials[(i / 3 + 2) % specials.length];
                }
                Tensor x = Tensor.of(xv, dt, n);
                Tensor fused = Tensor.of(yv, dt, n);
                Tensor composed = Tensor.of(yv, dt, n).muli(0.995).addi(x.mul(0.005));
                fused.backend().scaleAdd(fused, 0.995, x, 0.005);
                assertSameBits(dt + " length " + n, composed, fused);
            }
        }
    }

    /**
     * The product with its bias and ReLU epilogue gives the bits of the product followed by bias + ReLU, on every
     * GEMM path: packed and threaded (256³), small inner dimension, matrix-vector (one column or one row), a
     * transposed right operand, and special values in the bias.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void matmulBiasReluGivesTheBitsOfProductThenBiasRelu(String backend) {
        use(backend);
        int[][] shapes = {{256, 256, 256}, {37, 4, 70}, {5, 64, 1}, {1, 64, 33}, {64, 33, 40}, {2, 3, 17}};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] mkn : shapes) {
                int m = mkn[0];
                int k = mkn[1];
                int n = mkn[2];
                Rng rng = new Rng(m * 31 + k * 7 + n);
                Tensor a = Tensor.randn(rng, dt, 1, m, k);
                Tensor b = Tensor.randn(rng, dt, 1, n, k).transpose(1, 2);
                double[] bv = Tensor.randn(rng, DType.FLOAT64, n).toDoubleArray();
                bv[0] = Double.NaN;
                if (n > 2) {
                    bv[1] = Double.NEGATIVE_INFINITY;
                    bv[2] = Double.POSITIVE_INFINITY;
                }
                Tensor bias = Tensor.of(bv, dt, n);
                Tensor expected = Tensor.zeros(dt, 1, m, n);
                Backend be = a.backend();
                be.matmul(a, b, expected);
                be.biasRelu(expected, bias, expected);
                Tensor out = Tensor.zeros(dt, 1, m, n);
                be.matmulBiasRelu(a, b, bias, out);
                assertSameBits(dt + " " + m + "x" + k + "x" + n, expected, out);
            }
        }
    }

    /**
     * Bias + ReLU and its backward keep their composition's bits for every row width (SIMD body and scalar tail) and
     * for the special values: NaN passes through relu, −0 and negative sums become +0, ±∞ behave as numbers, and the
     * backward blocks the gradient where the output is ≤ 0 or NaN; the bias gradient sums 300 rows in order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void fusedBiasReluKeepsSpecialValuesAtEveryWidth(String backend) {
        use(backend);
        double[] specials = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-30, 1e-30};
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 7, 8, 16, 17, 37, 256}) {
                Rng rng = new Rng(43 + n);
                int rows = 300;
                double[] zv = Tensor.randn(rng, DType.FLOAT64, rows, n).toDoubleArray();
                double[] gv = Tensor.randn(rng, DType.FLOAT64, rows, n).toDoubleArray();
                for (int i = 0; i < zv.length; i += 5) {
                    zv[i] = specials[(i / 5) % specials.length];
                }
                Tensor z = Tensor.of(zv, dt, rows, n);
                Tensor bias = Tensor.randn(rng, dt, n);
                Tensor out = Tensor.zeros(dt, rows, n);
                z.backend().biasRelu(z, bias, out);
                String what = dt + " width " + n;
                assertSameBits(what + " biasRelu", z.add(bias).relu(), out);
                Tensor g = Tensor.of(gv, dt, rows, n);
                Tensor gz = Tensor.zeros(dt, rows, n);
                Tensor biasGrad = Tensor.zeros(dt, 1, n);
                z.backend().reluBackwardBiasSum(g, out, gz, biasGrad);
                Tensor expectedGz = ElementwiseOps.binary(BinaryOp.RELU_BACKWARD, g, out);
                assertSameBits(what + " relu backward", expectedGz, gz);
                assertSameBits(what + " bias grad", expectedGz.sum(0, true), biasGrad);
            }
        }
    }

    /** The fused kernels (bias + ReLU, its backward, the Adam step) give the bits of their primitive composition. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void fusedKernelsGiveTheBitsOfTheirComposition(String backend) {
        use(backend);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Rng rng = new Rng(41);
            Tensor z = Tensor.randn(rng, dt, 9, 21);
            Tensor bias = Tensor.randn(rng, dt, 21);
            Backend be = z.backend();
            assertEquals(backend, be.name());
            Tensor out = Tensor.zeros(dt, 9, 21);
            be.biasRelu(z, bias, out);
            assertSameBits(dt + " biasRelu", z.add(bias).relu(), out);

            Tensor g = Tensor.randn(rng, dt, 9, 21);
            Tensor gz = Tensor.zeros(dt, 9, 21);
            Tensor biasGrad = Tensor.zeros(dt, 1, 21);
            be.reluBackwardBiasSum(g, out, gz, biasGrad);
            Tensor expectedGz = ElementwiseOps.binary(BinaryOp.RELU_BACKWARD, g, out);
            assertSameBits(dt + " relu backward", expectedGz, gz);
            assertSameBits(dt + " bias grad", expectedGz.sum(0, true), biasGrad);

            for (AdamRule.Form form : AdamRule.Form.values()) {
                Tensor[] fused = {z.mul(1.0), Tensor.zerosLike(z), Tensor.zerosLike(z), Tensor.zerosLike(z)};
                Tensor[] composed = {z.mul(1.0), Tensor.zerosLike(z), Tensor.zerosLike(z), Tensor.zerosLike(z)};
                for (int t = 1; t <= 3; t++) {
                    Tensor grad = Tensor.randn(rng, dt, 9, 21);
                    int step = t;
                    AdamRule rule = new AdamRule(form, 0.9, 0.999, 1e-8, 0.01, Tensor.hostScalar(() -> 0.9999),
                            Tensor.hostScalar(() -> (form == AdamRule.Form.PYTORCH ? -1e-2 : 1e-2) / step),
                            form == AdamRule.Form.PYTORCH ? Tensor.hostScalar(() -> Math.sqrt(1 - Math.pow(0.999,
                                    step))) : null);
                    be.adamStep(rule, new AdamSlots(fused[0], grad, fused[1], fused[2], fused[3],
                            Tensor.zerosLike(z), Tensor.zerosLike(z)));
                    rule.applyComposed(new AdamSlots(composed[0], grad, composed[1], composed[2], composed[3],
                            Tensor.zerosLike(z), Tensor.zerosLike(z)));
                    for (int k = 0; k < fused.length; k++) {
                        assertSameBits(dt + " adamStep " + form + " step " + t + " tensor " + k, composed[k],
                                fused[k]);
                    }
                }
            }
        }
    }
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void adamStepGroupGivesTheBitsOfOneCallPerParameter(String backend) {
        use(backend);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Rng rng = new Rng(43);
            int[][] shapes = {{7, 5}, {5}, {1}, {3, 4, 2}};
            for (AdamRule.Form form : AdamRule.Form.values()) {
                for (boolean amsgrad : new boolean[] {false, true}) {
                    Tensor[][] grouped = new Tensor[shapes.length][];
                    Tensor[][] single = new Tensor[shapes.length][];
                    for (int p = 0; p < shapes.length; p++) {
                        Tensor init = Tensor.randn(rng, dt, shapes[p]);
                        grouped[p] = new Tensor[] {init.mul(1.0), Tensor.zerosLike(init), Tensor.zerosLike(init),
                            Tensor.zerosLike(init)};
                        single[p] = new Tensor[] {init.mul(1.0), Tensor.zerosLike(init), Tensor.zerosLike(init),
                            Tensor.zerosLike(init)};
                    }
                    Backend be = grouped[0][0].backend();
                    for (int t = 1; t <= 3; t++) {
                        java.util.List<AdamRule> rules = new java.util.ArrayList<>();
                        java.util.List<AdamSlots> slots = new java.util.ArrayList<>();
                        for (int p = 0; p < shapes.length; p++) {
                            Tensor grad = Tensor.randn(rng, dt, shapes[p]);
                            double stepSize = (form == AdamRule.Form.PYTORCH ? -1e-2 : 1e-2) * (p + 1) / t;
                            double correction = Math.sqrt(1 - Math.pow(0.999, t + p));
                            AdamRule rule = new AdamRule(form, 0.9, 0.999, 1e-8, p % 2 == 0 ? 0.01 : 0,
                                    p == 1 ? Tensor.hostScalar(() -> 0.999) : null, Tensor.hostScalar(() -> stepSize),
                                    form == AdamRule.Form.PYTORCH ? Tensor.hostScalar(() -> correction) : null);
                            rules.add(rule);
                            slots.add(slotsOf(grouped[p], grad, amsgrad));
                            be.adamStep(rule, slotsOf(single[p], grad, amsgrad));
                        }
                        be.adamStepGroup(rules, slots);
                        for (int p = 0; p < shapes.length; p++) {
                            for (int k = 0; k < 4; k++) {
                                assertSameBits(dt + " adamStepGroup " + form + " amsgrad " + amsgrad + " step " + t
                                        + " parameter " + p + " tensor " + k, single[p][k], grouped[p][k]);
                            }
                        }
                    }
                }
            }
        }
    }

    private static AdamSlots slotsOf(Tensor[] state, Tensor grad, boolean amsgrad) {
        return new AdamSlots(state[0], grad, state[1], state[2], amsgrad ? state[3] : null, Tensor.zerosLike(grad),
                Tensor.zerosLike(grad));
    }
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void squashedGaussianKernelsGiveTheBitsOfTheirComposition(String backend) {
        use(backend);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Rng rng = new Rng(47);
            for (int[] shape : new int[][] {{33, 1}, {5, 4}, {2, 3, 2}}) {
                int eventDims = shape.length == 3 ? 2 : 1;
                int[] batch = java.util.Arrays.copyOf(shape, shape.length - eventDims);
                int[] event = java.util.Arrays.copyOfRange(shape, batch.length, shape.length);
                // |u| up to ~40: tanh saturates and softplus(−2u) passes its threshold
                Tensor u = Tensor.randn(rng, dt, shape).mul(12.0);
                Tensor loc = u.add(Tensor.randn(rng, dt, shape));
                Tensor scale = Tensor.randn(rng, dt, shape).exp();
                Tensor g = Tensor.randn(rng, dt, batch);
                Backend be = u.backend();
                for (Tensor eventScale : new Tensor[] {null, Tensor.randn(rng, dt, event)}) {
                    String what = dt + java.util.Arrays.toString(shape) + (eventScale == null ? "" : " affine");
                    Tensor out = Tensor.zeros(dt, batch);
                    be.squashedGaussianLogProb(u, loc, scale, eventScale, out);
                    assertSameBits(what + " log p", SquashedGaussian.composedLogProb(u, loc, scale, eventScale,
                            eventDims), out);
                }
                Tensor[] fused = {Tensor.zeros(dt, shape), Tensor.zeros(dt, shape), Tensor.zeros(dt, shape)};
                be.squashedGaussianLogProbBackward(g, u, loc, scale, fused[0], fused[1], fused[2]);
                Tensor[] composed = SquashedGaussian.composedGradients(g, u, loc, scale);
                for (int k = 0; k < 3; k++) {
                    assertSameBits(dt + java.util.Arrays.toString(shape) + " gradient " + k, composed[k], fused[k]);
                }
            }
        }
    }
}
