package alf.data;

import java.util.Arrays;

/**
 * A binary segment tree over {@code capacity} non-negative leaf values that keeps, at every inner node, both the sum
 * and the minimum of its subtree, so that the total Σᵢ pᵢ and the minimum minᵢ pᵢ are read in O(1), a leaf is changed
 * in O(log capacity), and {@link #find} locates the leaf i with Σ_{j&lt;i} pⱼ ≤ u &lt; Σ_{j≤i} pⱼ in O(log capacity)
 * (the "sum-tree" of Schaul et al., "Prioritized Experience Replay", ICLR 2016, Appendix B.2.1).
 *
 * <p>Leaves live at {@code [n, 2n)} of an implicit heap with n the next power of two ≥ capacity; node k has children
 * 2k and 2k + 1. Every inner node is recomputed from its two children (never adjusted by a delta), so the tree is a
 * pure function of its leaves: rebuilding it from saved leaves gives bit-identical sums. Leaves past the capacity, and
 * leaves never set, hold 0 and do not count towards the minimum, which only covers leaves set with {@link #set}.
 */
public final class SumTree {
    private final int capacity;
    private final int leafBase;
    private final double[] sums;
    private final double[] mins;

    /** @param capacity number of leaves (positive) */
    public SumTree(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("SumTree: capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.leafBase = Integer.highestOneBit(capacity) == capacity ? capacity : Integer.highestOneBit(capacity) << 1;
        this.sums = new double[2 * leafBase];
        this.mins = new double[2 * leafBase];
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
    }

    public int capacity() {
        return capacity;
    }

    /** Sets leaf {@code index} to {@code value} (finite, ≥ 0) and refreshes its ancestors. */
    public void set(int index, double value) {
        checkIndex(index);
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("SumTree.set: leaf " + index + " needs a finite value >= 0, got "
                    + value);
        }
        int k = leafBase + index;
        sums[k] = value;
        mins[k] = value;
        for (k >>= 1; k >= 1; k >>= 1) {
            sums[k] = sums[2 * k] + sums[2 * k + 1];
            mins[k] = Math.min(mins[2 * k], mins[2 * k + 1]);
        }
    }

    /** The value of leaf {@code index} (0 if never set). */
    public double get(int index) {
        checkIndex(index);
        return sums[leafBase + index];
    }

    /** Σ of all leaves. */
    public double total() {
        return sums[1];
    }

    /** The smallest value among the leaves set so far (+∞ when none is). */
    public double min() {
        return mins[1];
    }

    /**
     * The leaf i whose prefix interval [Σ_{j&lt;i} pⱼ, Σ_{j≤i} pⱼ) contains {@code u}, for 0 ≤ u &lt; {@link #total()}.
     * Descending from the root, u goes left while it is below the left subtree's sum, otherwise right with the left
     * sum subtracted. A subtree of sum 0 is never entered, so rounding in the subtractions cannot return a leaf of
     * value 0 (u is then clamped into the last leaf with a positive value).
     */
    public int find(double u) {
        double total = total();
        if (!(total > 0)) {
            throw new IllegalStateException("SumTree.find: all leaves are 0, nothing to find");
        }
        if (!(u >= 0 && u < total)) {
            throw new IllegalArgumentException("SumTree.find: u must lie in [0, " + total + "), got " + u);
        }
        int k = 1;
        while (k < leafBase) {
            int left = 2 * k;
            if (u < sums[left] || sums[left + 1] <= 0) {
                u = Math.min(u, sums[left]);
                k = left;
            } else {
                u -= sums[left];
                k = left + 1;
            }
        }
        return k - leafBase;
    }

    /** The leaf values [0, n) in order (what a checkpoint stores). */
    public double[] leaves(int n) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("SumTree.leaves: n must lie in [0, " + capacity + "], got " + n);
        }
        return Arrays.copyOfRange(sums, leafBase, leafBase + n);
    }

    /** Clears every leaf, then sets leaves [0, values.length) to {@code values} (the inverse of {@link #leaves}). */
    public void load(double[] values) {
        if (values.length > capacity) {
            throw new IllegalArgumentException("SumTree.load: " + values.length + " values for " + capacity
                    + " leaves");
        }
        for (double v : values) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("SumTree.load: leaf values must be finite and >= 0, got " + v);
            }
        }
        Arrays.fill(sums, 0.0);
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
        System.arraycopy(values, 0, sums, leafBase, values.length);
        System.arraycopy(values, 0, mins, leafBase, values.length);
        for (int k = leafBase - 1; k >= 1; k--) {
            sums[k] = sums[2 * k] + sums[2 * k + 1];
            mins[k] = Math.min(mins[2 * k], mins[2 * k + 1]);
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= capacity) {
            throw new IllegalArgumentException("SumTree: leaf index must lie in [0, " + capacity + "), got " + index);
        }
    }
}
