package alf.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strided row walker: visited element offsets, coalescing, and its per-thread working arrays under nesting. */
class StridedLoopTest {

    /** Every (operand 0, operand 1) offset pair in visiting order. */
    private static List<String> visit(int[] shape, int[] offsets, int[][] strides) {
        List<String> seen = new ArrayList<>();
        StridedLoop.run(shape, offsets, strides, (n, off, st) -> {
            for (int i = 0; i < n; i++) {
                seen.add((off[0] + i * st[0]) + ":" + (off[1] + i * st[1]));
            }
        });
        return seen;
    }

    /** The same pairs from plain nested loops over a rank-3 shape. */
    private static List<String> reference(int[] shape, int[] offsets, int[][] strides) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                for (int k = 0; k < shape[2]; k++) {
                    int a = offsets[0] + i * strides[0][0] + j * strides[0][1] + k * strides[0][2];
                    int b = offsets[1] + i * strides[1][0] + j * strides[1][1] + k * strides[1][2];
                    seen.add(a + ":" + b);
                }
            }
        }
        return seen;
    }

    @Test
    void visitsTransposedAndContiguousOperandsInRowMajorOrder() {
        int[] shape = {3, 1, 5};
        int[][] strides = {{1, 0, 3}, {5, 5, 1}};
        int[] offsets = {7, 2};
        assertEquals(reference(shape, offsets, strides), visit(shape, offsets, strides));
        // a larger rank after a smaller one grows the working arrays; a smaller one after it reuses them
        int[] shape4 = {2, 3, 2, 2};
        List<String> rank4 = new ArrayList<>();
        StridedLoop.run(shape4, new int[] {0, 1}, new int[][] {{12, 4, 2, 1}, {1, 2, 6, 12}},
                (n, off, st) -> rank4.add(n + "@" + off[0] + "/" + st[0] + "," + off[1] + "/" + st[1]));
        assertEquals(12, rank4.size());
        assertEquals("2@0/1,1/12", rank4.get(0));
        assertEquals(reference(shape, offsets, strides), visit(shape, offsets, strides));
    }

    @Test
    void aLoopStartedInsideAVisitorDoesNotDisturbTheOuterLoop() {
        int[] shape = {4, 3, 2};
        int[][] strides = {{6, 2, 1}, {1, 4, 12}};
        int[] offsets = {0, 0};
        List<String> outer = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        StridedLoop.run(shape, offsets, strides, (n, off, st) -> {
            for (int i = 0; i < n; i++) {
                outer.add((off[0] + i * st[0]) + ":" + (off[1] + i * st[1]));
            }
            inner.addAll(visit(new int[] {2, 2, 2}, new int[] {1, 1}, new int[][] {{1, 2, 4}, {4, 2, 1}}));
        });
        assertEquals(reference(shape, offsets, strides), outer);
        assertEquals(reference(new int[] {2, 2, 2}, new int[] {1, 1}, new int[][] {{1, 2, 4}, {4, 2, 1}}),
                inner.subList(0, 8));
    }
}
