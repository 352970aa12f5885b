package alf.tensor.cpu;

/**
 * Walks several equally shaped strided operands in row-major order, one innermost row at a time, after coalescing
 * dimensions that are contiguous in every operand (so a contiguous tensor of any rank is a single row).
 * This is the CPU analogue of PyTorch's TensorIterator: kernels only write the tight loop over one row.
 */
final class StridedLoop {
    private StridedLoop() {
    }

    /** Receives one row: {@code n} elements; operand k starts at {@code offsets[k]} and steps by {@code steps[k]}. */
    @FunctionalInterface
    interface RowVisitor {
        void row(int n, int[] offsets, int[] steps);
    }

    /**
     * Visits every element of {@code shape} for the operands given by their offsets and strides (one stride array of
     * shape's rank per operand). The arrays passed to the visitor are reused between rows.
     */
    static void run(int[] shape, int[] offsets, int[][] strides, RowVisitor visitor) {
        int k = offsets.length;
        int rank = shape.length;
        for (int s : shape) {
            if (s == 0) {
                return;
            }
        }
        // Coalesce: keep dims of size > 1, merging a dim into the next when every operand is contiguous across them.
        int[] dims = new int[rank];
        int[][] st = new int[k][rank];
        int nd = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (nd > 0) {
                boolean merge = true;
                for (int j = 0; j < k; j++) {
                    if (st[j][nd - 1] != strides[j][d] * shape[d]) {
                        merge = false;
                        break;
                    }
                }
                if (merge) {
                    dims[nd - 1] *= shape[d];
                    for (int j = 0; j < k; j++) {
                        st[j][nd - 1] = strides[j][d];
                    }
                    continue;
                }
            }
            dims[nd] = shape[d];
            for (int j = 0; j < k; j++) {
                st[j][nd] = strides[j][d];
            }
            nd++;
        }
        int[] off = offsets.clone();
        int[] steps = new int[k];
        if (nd == 0) {
            visitor.row(1, off, steps);
            return;
        }
        int inner = dims[nd - 1];
        for (int j = 0; j < k; j++) {
            steps[j] = st[j][nd - 1];
        }
        if (nd == 1) {
            visitor.row(inner, off, steps);
            return;
        }
        int[] counter = new int[nd - 1];
        int[] base = offsets.clone();
        while (true) {
            System.arraycopy(base, 0, off, 0, k);
            visitor.row(inner, off, steps);
            int d = nd - 2;
            while (d >= 0) {
                counter[d]++;
                for (int j = 0; j < k; j++) {
                    base[j] += st[j][d];
                }
                if (counter[d] < dims[d]) {
                    break;
                }
                for (int j = 0; j < k; j++) {
                    base[j] -= st[j][d] * dims[d];
                }
                counter[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
