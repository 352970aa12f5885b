package alf.tensor;

/**
 * Result of {@link Tensor#max(int, boolean)} / {@link Tensor#min(int, boolean)}: the extreme values (differentiable)
 * and their int64 indices along the reduced dimension.
 */
public record ValuesAndIndices(Tensor values, Tensor indices) {
}
