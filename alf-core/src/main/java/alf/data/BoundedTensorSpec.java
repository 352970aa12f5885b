package alf.data;

import alf.tensor.DType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link TensorSpec} with inclusive element bounds, for box-shaped observation and action spaces.
 * Bounds are either one scalar that applies to every element (arrays of length 1) or one value per
 * element in row-major order (arrays of length {@code numel()}). Infinite bounds mean "unbounded" on
 * that side. A discrete action space is an integer-dtype spec whose bounds are the smallest and the
 * largest valid action.
 *
 * @param shape   the per-sample shape
 * @param dtype   the element type
 * @param name    a human-readable name used in error messages
 * @param minimum lower bounds (length 1 or numel), never NaN
 * @param maximum upper bounds (same length as {@code minimum}), each at least the matching minimum
 */
public record BoundedTensorSpec(int[] shape, DType dtype, String name, double[] minimum, double[] maximum) {

    /** Validates the bounds and defensively copies all arrays. */
    public BoundedTensorSpec {
        TensorSpec base = new TensorSpec(shape, dtype, name); // validates shape, dtype and name
        shape = base.shape();
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
        minimum = minimum.clone();
        maximum = maximum.clone();
        int n = base.numel();
        if (minimum.length != maximum.length || (minimum.length != 1 && minimum.length != n)) {
            throw new IllegalArgumentException("BoundedTensorSpec '" + name + "': bounds must have length 1 or "
                    + n + " (numel of shape " + Arrays.toString(shape) + "), got minimum length " + minimum.length
                    + " and maximum length " + maximum.length);
        }
        for (int i = 0; i < minimum.length; i++) {
            if (Double.isNaN(minimum[i]) || Double.isNaN(maximum[i]) || minimum[i] > maximum[i]) {
                throw new IllegalArgumentException("BoundedTensorSpec '" + name + "': invalid bounds at element " + i
                        + ": minimum " + minimum[i] + ", maximum " + maximum[i]);
            }
        }
    }

    /** A spec whose every element lies in {@code [minimum, maximum]}. */
    public static BoundedTensorSpec uniform(int[] shape, DType dtype, String name, double minimum, double maximum) {
        return new BoundedTensorSpec(shape, dtype, name, new double[] {minimum}, new double[] {maximum});
    }

    /** The spec without bounds. */
    public TensorSpec toTensorSpec() {
        return new TensorSpec(shape, dtype, name);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public double[] minimum() {
        return minimum.clone();
    }

    @Override
    public double[] maximum() {
        return maximum.clone();
    }

    /** Lower bound of the element at row-major index {@code i}. */
    public double minimum(int i) {
        return minimum.length == 1 ? minimum[0] : minimum[i];
    }

    /** Upper bound of the element at row-major index {@code i}. */
    public double maximum(int i) {
        return maximum.length == 1 ? maximum[0] : maximum[i];
    }

    /** Number of elements of one sample. */
    public int numel() {
        return TensorSpec.numel(shape);
    }

    /** The shape with a leading batch dimension. */
    public int[] batchedShape(int batchSize) {
        return toTensorSpec().batchedShape(batchSize);
    }

    /** Whether the dtype is a floating-point type. */
    public boolean isFloatingPoint() {
        return dtype.isFloatingPoint();
    }

    /** Whether every bound is finite. */
    public boolean isFinite() {
        for (int i = 0; i < minimum.length; i++) {
            if (!Double.isFinite(minimum[i]) || !Double.isFinite(maximum[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether this is a discrete space: an integer dtype with finite bounds. */
    public boolean isDiscrete() {
        return dtype.isIntegral() && isFinite();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoundedTensorSpec other && Arrays.equals(shape, other.shape) && dtype == other.dtype
                && name.equals(other.name) && Arrays.equals(minimum, other.minimum)
                && Arrays.equals(maximum, other.maximum);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape), dtype, name, Arrays.hashCode(minimum), Arrays.hashCode(maximum));
    }

    @Override
    public String toString() {
        return "BoundedTensorSpec[name=" + name + ", shape=" + Arrays.toString(shape) + ", dtype=" + dtype
                + ", minimum=" + Arrays.toString(minimum) + ", maximum=" + Arrays.toString(maximum) + "]";
    }
}
