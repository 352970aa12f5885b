package alf.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SumTreeTest {

    /** Leaves 0, 1, 2, 4 of a 5-leaf tree (padded to 8) set to 1, 2, 3, 4; leaf 3 never set. */
    private static SumTree sample() {
        SumTree tree = new SumTree(5);
        tree.set(0, 1);
        tree.set(1, 2);
        tree.set(2, 3);
        tree.set(4, 4);
        return tree;
    }

    @Test
    void totalAndMinFollowEverySet() {
        SumTree tree = sample();
        assertEquals(10.0, tree.total());
        assertEquals(1.0, tree.min());
        tree.set(0, 5);
        assertEquals(14.0, tree.total());
        assertEquals(2.0, tree.min(), "the old minimum is gone once its leaf is overwritten");
        tree.set(2, 0.25);
        assertEquals(11.25, tree.total());
        assertEquals(0.25, tree.min());
        assertEquals(0.0, tree.get(3));
        assertEquals(Double.POSITIVE_INFINITY, new SumTree(3).min());
    }

    @Test
    void findMapsPrefixSumIntervalsToLeaves() {
        SumTree tree = sample();
        // prefix intervals: leaf 0 [0, 1), leaf 1 [1, 3), leaf 2 [3, 6), leaf 3 empty, leaf 4 [6, 10)
        assertEquals(0, tree.find(0.0));
        assertEquals(0, tree.find(0.999));
        assertEquals(1, tree.find(1.0));
        assertEquals(1, tree.find(2.999));
        assertEquals(2, tree.find(3.0));
        assertEquals(2, tree.find(5.999));
        assertEquals(4, tree.find(6.0));
        assertEquals(4, tree.find(Math.nextDown(10.0)));
    }

    @Test
    void findNeverReturnsAnEmptyLeaf() {
        SumTree tree = new SumTree(6);
        tree.set(0, 0.1);
        tree.set(1, 0.2);
        tree.set(2, 0.3);
        // 0.1 + 0.2 + 0.3 rounds above 0.6; the largest u below the total must still land on leaf 2
        assertEquals(2, tree.find(Math.nextDown(tree.total())));
    }

    @Test
    void leavesRoundTripGivesBitIdenticalTree() {
        SumTree tree = new SumTree(7);
        double[] values = {0.3, 1e-6, 2.7, 0.1, 5.5, 0.9, 1.3};
        for (int i = 0; i < values.length; i++) {
            tree.set(i, values[i]);
        }
        tree.set(3, 0.7);
        SumTree copy = new SumTree(7);
        copy.load(tree.leaves(7));
        assertEquals(Double.doubleToLongBits(tree.total()), Double.doubleToLongBits(copy.total()));
        assertEquals(tree.min(), copy.min());
        for (double u = 0; u < tree.total(); u += 0.05) {
            assertEquals(tree.find(u), copy.find(u), "find(" + u + ")");
        }
    }

    @Test
    void badInputIsRejected() {
        SumTree tree = sample();
        assertThrows(IllegalArgumentException.class, () -> new SumTree(0));
        assertThrows(IllegalArgumentException.class, () -> tree.set(5, 1));
        assertThrows(IllegalArgumentException.class, () -> tree.set(0, -1));
        assertThrows(IllegalArgumentException.class, () -> tree.set(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> tree.find(10.0));
        assertThrows(IllegalArgumentException.class, () -> tree.find(-0.5));
        assertThrows(IllegalStateException.class, () -> new SumTree(2).find(0));
        assertThrows(IllegalArgumentException.class, () -> tree.load(new double[6]));
    }
}
