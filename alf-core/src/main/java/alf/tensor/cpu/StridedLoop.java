package alf.tensor.cpu;

import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * Walks several equally shaped strided operands in row-major order, one innermost row at a time, after coalescing
 * dimensions that are contiguous in every operand (so a contiguous tensor of any rank is a single row).
 * This is the CPU analogue of PyTorch's TensorIterator: kernels only write the tight loop over one row.
 * The working arrays are kept per thread, so a loop allocates nothing in steady state (a captured plan replays
 * hundreds of kernel calls per step); a visitor that starts another loop on the same thread gets fresh arrays.
 */
final class StridedLoop {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private StridedLoop() {
    }

    /** Receives one row: {@code n} elements; operand k starts at {@code offsets[k]} and steps by {@code steps[k]}. */
    @FunctionalInterface
    interface RowVisitor {
        void row(int n, int[] offsets, int[] steps);
    }

    /** Visits every element of {@code shapeOf}'s shape for the tensor operand {@code a}. */
    static void run(Tensor shapeOf, Tensor a, RowVisitor visitor) {
        run(shapeOf, 1, a, null, null, null, visitor);
    }

    /** Visits every element of {@code shapeOf}'s shape for the tensor operands {@code a, b}. */
    static void run(Tensor shapeOf, Tensor a, Tensor b, RowVisitor visitor) {
        run(shapeOf, 2, a, b, null, null, visitor);
    }

    /** Visits every element of {@code shapeOf}'s shape for the tensor operands {@code a, b, c}. */
    static void run(Tensor shapeOf, Tensor a, Tensor b, Tensor c, RowVisitor visitor) {
        run(shapeOf, 3, a, b, c, null, visitor);
    }

    /** Visits every element of {@code shapeOf}'s shape for the tensor operands {@code a, b, c, d}. */
    static void run(Tensor shapeOf, Tensor a, Tensor b, Tensor c, Tensor d, RowVisitor visitor) {
        run(shapeOf, 4, a, b, c, d, visitor);
    }

    private static void run(Tensor shapeOf, int k, Tensor a, Tensor b, Tensor c, Tensor d, RowVisitor visitor) {
        int rank = shapeOf.dim();
        Scratch s = Scratch.acquire(k, rank);
        try {
            for (int i = 0; i < rank; i++) {
                s.shape[i] = shapeOf.size(i);
            }
            load(s, 0, a, rank);
            if (k > 1) {
                load(s, 1, b, rank);
            }
            if (k > 2) {
                load(s, 2, c, rank);
            }
            if (k > 3) {
                load(s, 3, d, rank);
            }
            loop(s.shape, rank, s.offsets, s.strides, k, s, visitor);
        } finally {
            s.release();
        }
    }

    private static void load(Scratch s, int j, Tensor t, int rank) {
        s.offsets[j] = t.offset();
        for (int i = 0; i < rank; i++) {
            s.strides[j][i] = t.stride(i);
        }
    }

    /**
     * Visits every element of {@code shape} for the operands given by their offsets and strides (one stride array of
     * shape's rank per operand). The arrays passed to the visitor are reused between rows.
     */
    static void run(int[] shape, int[] offsets, int[][] strides, RowVisitor visitor) {
        Scratch s = Scratch.acquire(offsets.length, shape.length);
        try {
            loop(shape, shape.length, offsets, strides, offsets.length, s, visitor);
        } finally {
            s.release();
        }
    }

    private static void loop(int[] shape, int rank, int[] offsets, int[][] strides, int k, Scratch s,
            RowVisitor visitor) {
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 0) {
                return;
            }
        }
        // Coalesce: keep dims of size > 1, merging a dim into the next when every operand is contiguous across them.
        int[] dims = s.dims;
        int[][] st = s.st;
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
        int[] off = s.off;
        int[] steps = s.steps;
        System.arraycopy(offsets, 0, off, 0, k);
        if (nd == 0) {
            Arrays.fill(steps, 0, k, 0);
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
        int[] counter = s.counter;
        Arrays.fill(counter, 0, nd - 1, 0);
        int[] base = s.base;
        System.arraycopy(offsets, 0, base, 0, k);
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

    /** One thread's working arrays, grown on demand; {@code inUse} marks a loop in progress on this thread. */
    private static final class Scratch {
        private boolean inUse;
        private int[] shape = new int[0];
        private int[] dims = new int[0];
        private int[] counter = new int[0];
        private int[] offsets = new int[0];
        private int[] off = new int[0];
        private int[] steps = new int[0];
        private int[] base = new int[0];
        private int[][] strides = new int[0][];
        private int[][] st = new int[0][];

        /** This thread's arrays, or fresh ones while a loop on this thread is still running (a nested loop). */
        static Scratch acquire(int k, int rank) {
            Scratch s = SCRATCH.get();
            if (s.inUse) {
                s = new Scratch();
            }
            s.inUse = true;
            s.ensure(k, rank);
            return s;
        }

        void release() {
            inUse = false;
        }

        private void ensure(int k, int rank) {
            if (shape.length < rank) {
                shape = new int[rank];
                dims = new int[rank];
                counter = new int[rank];
            }
            if (offsets.length < k || strides.length < k || (k > 0 && strides[0].length < rank)) {
                int width = Math.max(k, offsets.length);
                int depth = Math.max(rank, shape.length);
                offsets = new int[width];
                off = new int[width];
                steps = new int[width];
                base = new int[width];
                strides = new int[width][depth];
                st = new int[width][depth];
            }
        }
    }
}
