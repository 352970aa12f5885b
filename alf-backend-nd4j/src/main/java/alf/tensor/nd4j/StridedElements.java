package alf.tensor.nd4j;

/**
 * Visits every element of a shape, in row-major order, for several operands given by their offsets and strides:
 * the element loop behind the {@link Nd4jBackend} kernels that ND4J has no exact op for.
 */
final class StridedElements {
    private StridedElements() {
    }

    /** Receives the storage offset of the current element in each operand (the array is reused). */
    @FunctionalInterface
    interface Visitor {
        void visit(int[] offsets);
    }

    /** Calls {@code visitor} once per element of {@code shape}; nothing for a zero-size shape, once for 0-d. */
    static void forEach(int[] shape, int[] offsets, int[][] strides, Visitor visitor) {
        int rank = shape.length;
        for (int s : shape) {
            if (s == 0) {
                return;
            }
        }
        int k = offsets.length;
        int[] off = offsets.clone();
        int[] counter = new int[rank];
        while (true) {
            visitor.visit(off);
            int d = rank - 1;
            while (d >= 0) {
                counter[d]++;
                for (int j = 0; j < k; j++) {
                    off[j] += strides[j][d];
                }
                if (counter[d] < shape[d]) {
                    break;
                }
                for (int j = 0; j < k; j++) {
                    off[j] -= strides[j][d] * shape[d];
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
