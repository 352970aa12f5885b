package alf.tensor;

/**
 * PyTorch's result-type rule (torch.result_type, PyTorch &ge; 1.8) for an operation's operands.
 *
 * <p>Operands fall in three priority classes: tensors of rank &ge; 1, 0-d tensors, and Java scalars (wrapped
 * numbers, e.g. the {@code 2.0} of {@code t.mul(2.0)}). Within a class dtypes combine by {@link DType#promote}. A
 * lower class only matters when its category (bool &lt; integral &lt; floating) is higher than that of the classes
 * above it — so a scalar never widens a tensor of the same category:
 * <ul>
 *   <li>float32 tensor × 2.0 → float32; float16 tensor + 1.5 → float16; int32 tensor + 5 → int32;</li>
 *   <li>int64 tensor + 2.5 → float32 (the default float dtype, not float64);</li>
 *   <li>int32 tensor + 0-d int64 tensor → int32; int32 tensor + 0-d float64 tensor → float64;</li>
 *   <li>bool tensor + 1 → int64; float32 [3] + float64 [3] → float64.</li>
 * </ul>
 * A Java {@code double} scalar counts as the default float dtype (float32), a {@code long} as int64 and a
 * {@code boolean} as bool. True division ({@link Tensor#div}) additionally promotes integral results to float32.
 */
public final class TypePromotion {
    private TypePromotion() {
    }

    /** The dtype an elementwise op on these operands computes in and returns. */
    public static DType resultType(Tensor... operands) {
        DType dim = null;
        DType zero = null;
        DType wrapped = null;
        for (Tensor t : operands) {
            if (t.isWrappedNumber()) {
                DType w = t.dtype().isFloatingPoint() ? DType.DEFAULT_FLOAT : t.dtype();
                wrapped = wrapped == null ? w : DType.promote(wrapped, w);
            } else if (t.dim() == 0) {
                zero = zero == null ? t.dtype() : DType.promote(zero, t.dtype());
            } else {
                dim = dim == null ? t.dtype() : DType.promote(dim, t.dtype());
            }
        }
        return combine(dim, combine(zero, wrapped));
    }

    /** PyTorch's combine_categories: the lower class wins only with a higher category. */
    private static DType combine(DType higher, DType lower) {
        if (higher == null) {
            return lower;
        }
        if (lower == null) {
            return higher;
        }
        if (higher.isFloatingPoint()) {
            return higher;
        }
        if (higher == DType.BOOL || lower.isFloatingPoint()) {
            return DType.promote(higher, lower);
        }
        return higher;
    }
}
