package alf.tensor;

import java.util.Arrays;

/** Shape arithmetic: element counts, contiguous strides, dimension wrapping and NumPy/PyTorch broadcasting. */
public final class Shapes {
    private Shapes() {
    }

    /** Product of the sizes (1 for a 0-d shape). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return st;
    }

    /** Wraps a possibly negative dimension index into [0, rank), naming the op in the error. */
    public static int wrapDim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IndexOutOfBoundsException(op + ": dimension " + dim + " is out of range for a tensor of rank "
                    + rank + " (expected in [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /**
     * Like {@link #wrapDim} for ops that index an existing dimension ({@code size}, {@code select}, {@code narrow},
     * {@code gather}, ...): a 0-d tensor has none, which is an error naming the op.
     */
    public static int wrapExistingDim(String op, int dim, int rank) {
        if (rank == 0) {
            throw new IllegalArgumentException(op + ": a 0-d tensor has no dimension " + dim);
        }
        return wrapDim(op, dim, rank);
    }

    /**
     * The broadcast shape of {@code a} and {@code b}: aligned from the right, each pair of sizes must be equal or
     * one of them 1. The error names the op and both shapes.
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int sa = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int sb = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " cannot be broadcast together (size " + sa + " vs " + sb
                        + " at dimension " + i + " of the broadcast shape)");
            }
            out[i] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /** Checks that {@code shape} can be expanded to {@code target} (broadcast in one direction). */
    public static void checkExpandable(String op, int[] shape, int[] target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException(op + ": cannot expand shape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(target) + " (fewer dimensions)");
        }
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != target[lead + i] && shape[i] != 1) {
                throw new IllegalArgumentException(op + ": cannot expand shape " + Arrays.toString(shape) + " to "
                        + Arrays.toString(target) + " (size " + shape[i] + " at dimension " + i + ")");
            }
        }
    }

    /** Resolves one {@code -1} entry of a view/reshape target shape against the element count. */
    public static int[] inferSize(String op, int[] target, int numel) {
        int[] out = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be inferred in "
                            + Arrays.toString(target));
                }
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + out[i] + " in " + Arrays.toString(target));
            } else {
                known *= out[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Arrays.toString(target)
                        + " is invalid for input of size " + numel);
            }
            out[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Arrays.toString(target)
                    + " is invalid for input of size " + numel);
        }
        return out;
    }
}
