package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven op tests (one entry per op: input shapes and domain): finite-difference gradient checks in float64,
 * and float32 values against float64 values within float32 rounding.
 */
class OpGradientTableTest {

    /** One op under test: its inputs' shapes, the sampling interval of their values, and the function. */
    record Entry(String name, int[][] shapes, double lo, double hi, Function<Tensor[], Tensor> f) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Entry e(String name, double lo, double hi, Function<Tensor[], Tensor> f, int[]... shapes) {
        return new Entry(name, shapes, lo, hi, f);
    }

    static Stream<Arguments> entries() {
        List<Entry> list = List.of(
                e("add_broadcast", -2, 2, x -> x[0].add(x[1]), new int[] {3, 4}, new int[] {4}),
                e("sub_broadcast", -2, 2, x -> x[0].sub(x[1]), new int[] {2, 1, 3}, new int[] {4, 1}),
                e("mul_broadcast", -2, 2, x -> x[0].mul(x[1]), new int[] {3, 1}, new int[] {1, 5}),
                e("div", 0.5, 2, x -> x[0].div(x[1]), new int[] {3, 2}, new int[] {3, 2}),
                e("pow_tensor", 0.5, 2, x -> x[0].pow(x[1]), new int[] {4}, new int[] {4}),
                e("pow_scalar", 0.5, 2, x -> x[0].pow(2.5), new int[] {5}),
                e("neg", -2, 2, x -> x[0].neg(), new int[] {4}),
                e("exp", -2, 2, x -> x[0].exp(), new int[] {2, 3}),
                e("log", 0.2, 3, x -> x[0].log(), new int[] {4}),
                e("log1p", -0.5, 2, x -> x[0].log1p(), new int[] {4}),
                e("expm1", -2, 2, x -> x[0].expm1(), new int[] {4}),
                e("tanh", -2, 2, x -> x[0].tanh(), new int[] {4}),
                e("atanh", -0.9, 0.9, x -> x[0].atanh(), new int[] {4}),
                e("sigmoid", -3, 3, x -> x[0].sigmoid(), new int[] {4}),
                e("softplus", -3, 3, x -> x[0].softplus(), new int[] {4}),
                e("softplus_beta", -3, 3, x -> x[0].softplus(2.0, 4.0), new int[] {6}),
                e("relu", 0.1, 2, x -> x[0].relu().add(x[0].neg().relu()), new int[] {4}),
                e("softsign", -3, 3, x -> x[0].softsign(), new int[] {4}),
                e("sqrt", 0.2, 3, x -> x[0].sqrt(), new int[] {4}),
                e("rsqrt", 0.2, 3, x -> x[0].rsqrt(), new int[] {4}),
                e("reciprocal", 0.5, 3, x -> x[0].reciprocal(), new int[] {4}),
                e("square", -2, 2, x -> x[0].square(), new int[] {4}),
                e("sin_cos", -2, 2, x -> x[0].sin().mul(x[0].cos()), new int[] {4}),
                e("abs", 0.1, 2, x -> x[0].abs().add(x[0].neg().abs()), new int[] {4}),
                e("clamp", -2, 2, x -> x[0].clamp(-1.0, 1.0), new int[] {8}),
                e("lgamma", 0.3, 4, x -> x[0].lgamma(), new int[] {4}),
                e("digamma", 0.3, 4, x -> x[0].digamma(), new int[] {4}),
                e("maximum", -2, 2, x -> x[0].maximum(x[1]), new int[] {5}, new int[] {5}),
                e("atan2", 0.5, 2, x -> x[0].atan2(x[1]), new int[] {3}, new int[] {3}),
                e("where", -2, 2, x -> Tensor.where(x[0].gt(0.0), x[0].mul(x[1]), x[1]), new int[] {6}, new int[] {6}),
                e("sum_dims", -2, 2, x -> x[0].sum(new int[] {0, 2}, false), new int[] {2, 3, 4}),
                e("mean_keep", -2, 2, x -> x[0].mean(1, true), new int[] {3, 4}),
                e("amax", -2, 2, x -> x[0].amax(1, false), new int[] {3, 4}),
                e("max_dim", -2, 2, x -> x[0].max(0, false).values(), new int[] {3, 4}),
                e("logsumexp", -2, 2, x -> x[0].logSumExp(1, false), new int[] {3, 4}),
                e("matmul_2d", -1, 1, x -> x[0].matmul(x[1]), new int[] {3, 4}, new int[] {4, 2}),
                e("matmul_batched_broadcast", -1, 1, x -> x[0].matmul(x[1]), new int[] {2, 3, 4}, new int[] {4, 2}),
                e("matmul_vec", -1, 1, x -> x[0].matmul(x[1]), new int[] {4}, new int[] {4, 3}),
                e("matmul_transposed_view", -1, 1, x -> x[0].t().matmul(x[1]), new int[] {4, 3}, new int[] {4, 2}),
                e("transpose_reshape", -2, 2, x -> x[0].transpose(0, 1).reshape(-1).mul(x[0].reshape(-1)),
                        new int[] {3, 4}),
                e("permute", -2, 2, x -> x[0].permute(2, 0, 1).contiguous(), new int[] {2, 3, 4}),
                e("narrow_select", -2, 2, x -> x[0].narrow(1, 1, 2).select(0, 1), new int[] {3, 4}),
                e("slice_step", -2, 2, x -> x[0].slice(1, 0, 5, 2), new int[] {2, 5}),
                e("expand", -2, 2, x -> x[0].unsqueeze(0).expand(3, 4).mul(x[0]), new int[] {4}),
                e("cat", -2, 2, x -> Tensor.cat(List.of(x[0], x[1].mul(2.0)), 1), new int[] {2, 2}, new int[] {2, 3}),
                e("stack", -2, 2, x -> Tensor.stack(List.of(x[0], x[1]), 1), new int[] {2, 3}, new int[] {2, 3}),
                e("gather", -2, 2, x -> x[0].gather(1, Tensor.of(new long[] {0, 0, 2, 1}, 2, 2)), new int[] {2, 3}),
                e("index_select", -2, 2, x -> x[0].indexSelect(0, Tensor.of(new long[] {2, 0, 2})), new int[] {3, 2}),
                e("scatter_add", -2, 2, x -> x[0].scatterAdd(1, Tensor.of(new long[] {1, 1, 0, 2}, 2, 2), x[1]),
                        new int[] {2, 3}, new int[] {2, 2}),
                e("second_order_via_grad", -2, 2, x -> {
                    Tensor y = x[0].tanh().mul(x[0]).sumAll();
                    return Autograd.grad(new Tensor[] {y}, new Tensor[] {x[0]}, null, true, true, false)[0];
                }, new int[] {3}));
        return list.stream().map(Arguments::of);
    }

    private static Tensor[] inputs(Entry entry, DType dtype, long seed) {
        Rng rng = new Rng(seed);
        Tensor[] in = new Tensor[entry.shapes().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = Tensor.uniform(rng, entry.lo(), entry.hi(), DType.FLOAT64, entry.shapes()[i]).to(dtype)
                    .setRequiresGrad(true);
        }
        return in;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void finiteDifferenceGradientsMatch(Entry entry) {
        GradCheck.Result r = GradCheck.check(entry.f(), inputs(entry, DType.FLOAT64, 7), 1e-6, 1e-7, 1e-5);
        assertTrue(r.passed(), entry.name() + ": " + r.worst());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void float32AgreesWithFloat64(Entry entry) {
        Tensor y64 = entry.f().apply(inputs(entry, DType.FLOAT64, 11));
        Tensor y32 = entry.f().apply(inputs(entry, DType.FLOAT32, 11));
        assertEquals(DType.FLOAT32, y32.dtype(), entry.name());
        double[] a = y64.toDoubleArray();
        double[] b = y32.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5 * (1 + Math.abs(a[i])), entry.name() + "[" + i + "]");
        }
    }
}
