package alf.data;

import alf.tensor.DType;
import java.util.Arrays;
import java.util.Objects;

/**
 * Describes a tensor without holding one: its shape (without any batch dimension), dtype and a name.
 * Used for environment observations, actions and rewards.
 *
 * @param shape the per-sample shape; {@code new int[0]} for a scalar
 * @param dtype the element type
 * @param name  a human-readable name used in error messages (may be empty)
 */
public record TensorSpec(int[] shape, DType dtype, String name) {

    /** Validates and defensively copies the shape. */
    public TensorSpec {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "TensorSpec '" + name + "': negative dimension " + d + " in shape " + Arrays.toString(shape));
            }
        }
    }

    /** A scalar spec of the given dtype. */
    public static TensorSpec scalar(DType dtype, String name) {
        return new TensorSpec(new int[0], dtype, name);
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions of one sample (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Number of elements of one sample (the product of the shape, 1 for a scalar). */
    public int numel() {
        return numel(shape);
    }

    /** The shape with a leading batch dimension of size {@code batchSize}. */
    public int[] batchedShape(int batchSize) {
        if (batchSize < 0) {
            throw new IllegalArgumentException("TensorSpec '" + name + "': negative batch size " + batchSize);
        }
        int[] out = new int[shape.length + 1];
        out[0] = batchSize;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** Whether the dtype is a floating-point type (FLOAT16, BFLOAT16, FLOAT32, FLOAT64). */
    public boolean isFloatingPoint() {
        return dtype.isFloatingPoint();
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec other
                && Arrays.equals(shape, other.shape) && dtype == other.dtype && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), dtype, name);
    }

    @Override
    public String toString() {
        return "TensorSpec[name=" + name + ", shape=" + Arrays.toString(shape) + ", dtype=" + dtype + "]";
    }
}
