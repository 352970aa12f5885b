package alf.tensor;

/**
 * Element types of a {@link Tensor}, with PyTorch's type-promotion lattice.
 *
 * <p>Promotion ({@link #promote}) follows {@code torch.promote_types} (PyTorch &ge; 1.8):
 *
 * <table>
 *   <caption>promote(a, b) for the dtypes supported here</caption>
 *   <tr><th></th><th>bool</th><th>int32</th><th>int64</th><th>float16</th><th>bfloat16</th><th>float32</th><th>float64</th></tr>
 *   <tr><th>bool</th><td>bool</td><td>int32</td><td>int64</td><td>float16</td><td>bfloat16</td><td>float32</td><td>float64</td></tr>
 *   <tr><th>int32</th><td>int32</td><td>int32</td><td>int64</td><td>float16</td><td>bfloat16</td><td>float32</td><td>float64</td></tr>
 *   <tr><th>int64</th><td>int64</td><td>int64</td><td>int64</td><td>float16</td><td>bfloat16</td><td>float32</td><td>float64</td></tr>
 *   <tr><th>float16</th><td>float16</td><td>float16</td><td>float16</td><td>float16</td><td>float32</td><td>float32</td><td>float64</td></tr>
 *   <tr><th>bfloat16</th><td>bfloat16</td><td>bfloat16</td><td>bfloat16</td><td>float32</td><td>bfloat16</td><td>float32</td><td>float64</td></tr>
 *   <tr><th>float32</th><td>float32</td><td>float32</td><td>float32</td><td>float32</td><td>float32</td><td>float32</td><td>float64</td></tr>
 *   <tr><th>float64</th><td>float64</td><td>float64</td><td>float64</td><td>float64</td><td>float64</td><td>float64</td><td>float64</td></tr>
 * </table>
 *
 * <p>How operands of different kinds combine (tensors of rank &ge; 1, 0-d tensors, Java scalars) is decided by
 * {@link TypePromotion}.
 */
public enum DType {
    BOOL(1, Category.BOOL),
    INT32(4, Category.INTEGRAL),
    INT64(8, Category.INTEGRAL),
    FLOAT16(2, Category.FLOATING),
    BFLOAT16(2, Category.FLOATING),
    FLOAT32(4, Category.FLOATING),
    FLOAT64(8, Category.FLOATING);

    /** Kind of a dtype; promotion across categories always moves up: bool &lt; integral &lt; floating. */
    public enum Category { BOOL, INTEGRAL, FLOATING }

    private final int itemSize;
    private final Category category;

    DType(int itemSize, Category category) {
        this.itemSize = itemSize;
        this.category = category;
    }

    /** The default floating dtype: what a Java {@code double} scalar or a true division of integers yields. */
    public static final DType DEFAULT_FLOAT = FLOAT32;

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    public Category category() {
        return category;
    }

    public boolean isFloatingPoint() {
        return category == Category.FLOATING;
    }

    public boolean isIntegral() {
        return category == Category.INTEGRAL;
    }

    /** Lower-case PyTorch name, e.g. {@code float32}. */
    public String torchName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code torch.promote_types(a, b)}: the smallest dtype both values fit in (see the class table). */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a.category != b.category) {
            DType hi = a.category.ordinal() > b.category.ordinal() ? a : b;
            return hi;
        }
        if (a.isFloatingPoint()) {
            // float16 and bfloat16 have no common 16-bit type: they meet at float32.
            if ((a == FLOAT16 && b == BFLOAT16) || (a == BFLOAT16 && b == FLOAT16)) {
                return FLOAT32;
            }
        }
        return a.ordinal() > b.ordinal() ? a : b;
    }

    /** Parses a PyTorch dtype name ({@code float32}, {@code torch.float64}, {@code int64}, {@code bool}, ...). */
    public static DType fromTorchName(String name) {
        String n = name.startsWith("torch.") ? name.substring(6) : name;
        return switch (n) {
            case "float32", "float" -> FLOAT32;
            case "float64", "double" -> FLOAT64;
            case "float16", "half" -> FLOAT16;
            case "bfloat16" -> BFLOAT16;
            case "int32", "int" -> INT32;
            case "int64", "long" -> INT64;
            case "bool" -> BOOL;
            default -> throw new IllegalArgumentException("unknown dtype name '" + name + "'");
        };
    }

    @Override
    public String toString() {
        return torchName();
    }
}
