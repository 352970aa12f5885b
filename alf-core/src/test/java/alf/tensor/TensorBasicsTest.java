package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorBasicsTest {

    @Test
    void vectorAccessorsReadStridedViewsInPlaceAndNameTheShapeOtherwise() {
        Tensor slots = Tensor.of(new long[] {7, (1L << 53) + 1, -3, 40, 5, 6}).slice(0, 1, 6, 2);
        assertArrayEquals(new int[] {3}, slots.shape());
        assertEquals((1L << 53) + 1, slots.getLong(0));
        assertEquals(40, slots.getLong(1));
        assertEquals(6.0, slots.getDouble(2));
        Tensor floats = Tensor.of(new float[] {1.5f, -2.75f});
        assertEquals(-2.75, floats.getDouble(1));
        assertEquals(-2, floats.getLong(1));
        IllegalArgumentException notVector = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).getLong(0));
        assertTrue(notVector.getMessage().contains("getLong(int) reads 1-d tensors, got shape [2, 3]"),
                notVector.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1.0).getDouble(0));
        IndexOutOfBoundsException outside = assertThrows(IndexOutOfBoundsException.class, () -> slots.getDouble(3));
        assertTrue(outside.getMessage().contains("index 3 is out of bounds for shape [3]"), outside.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> slots.getLong(-1));
    }

    @Test
    void shapeComparisonsMatchTheShape() {
        Tensor x = Tensor.zeros(2, 3);
        assertTrue(x.hasShape(new int[] {2, 3}));
        assertFalse(x.hasShape(new int[] {3, 2}));
        assertFalse(x.hasShape(new int[] {2, 3, 1}));
        assertTrue(x.sameShape(Tensor.ones(DType.INT64, 2, 3)));
        assertFalse(x.sameShape(x.t()));
        assertTrue(Tensor.scalar(1.0).hasShape(new int[0]));
    }

    @Test
    void viewsShareStorageAndNeverCopy() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor t = x.transpose(0, 1);
        assertSame(x.storage(), t.storage());
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new int[] {1, 3}, t.strides());
        assertFalse(t.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.toFloatArray());
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, c.toFloatArray());
        assertSame(x, x.contiguous());

        Tensor n = x.narrow(1, 1, 2);
        assertSame(x.storage(), n.storage());
        assertEquals(1, n.offset());
        assertArrayEquals(new float[] {1, 2, 4, 5}, n.toFloatArray());
        Tensor s = x.select(0, 1);
        assertArrayEquals(new float[] {3, 4, 5}, s.toFloatArray());
        assertEquals(3, s.offset());
        List<Tensor> cols = x.unbind(1);
        assertEquals(3, cols.size());
        assertArrayEquals(new float[] {2, 5}, cols.get(2).toFloatArray());
        Tensor e = Tensor.of(new float[] {1, 2, 3}).unsqueeze(0).expand(4, 3);
        assertArrayEquals(new int[] {0, 1}, e.strides());
        assertEquals(12, e.toFloatArray().length);
        assertArrayEquals(new int[] {3}, e.narrow(0, 0, 1).squeeze().shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, x.view(3, 2).toFloatArray());
        assertSame(x.storage(), x.view(-1).storage());
        assertThrows(IllegalArgumentException.class, () -> t.view(6));
        Tensor r = t.reshape(6);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, r.toFloatArray());
        assertArrayEquals(new float[] {0, 2, 4}, Tensor.arange(6).to(DType.FLOAT32).slice(0, 0, 6, 2).toFloatArray());
    }

    @Test
    void permuteAndViewOfPermutedChunks() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(5L, (long) p.get(1, 0, 1));
        // merging the last two dims of a permuted tensor is a view when they stay contiguous together
        Tensor q = x.transpose(0, 1);
        assertArrayEquals(new int[] {3, 2, 4}, q.shape());
        Tensor v = x.view(2, 12);
        assertSame(x.storage(), v.storage());
    }

    @Test
    void broadcastingErrorsNameTheOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("add"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        Tensor m = Tensor.zeros(2, 3);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> m.matmul(Tensor.zeros(4, 5)));
        assertTrue(e2.getMessage().contains("[2, 3]") && e2.getMessage().contains("[4, 5]"), e2.getMessage());
    }

    @Test
    void broadcastArithmetic() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3, 1);
        Tensor b = Tensor.of(new float[] {10, 20}, 2);
        Tensor c = a.add(b);
        assertArrayEquals(new int[] {3, 2}, c.shape());
        assertArrayEquals(new float[] {11, 21, 12, 22, 13, 23}, c.toFloatArray());
        assertArrayEquals(new float[] {2, 4, 6}, a.mul(2.0).toFloatArray());
        assertArrayEquals(new float[] {-1, 0, 1}, a.sub(2L).toFloatArray());
    }

    @Test
    void typePromotionCaseByCase() {
        Tensor i64 = Tensor.of(new long[] {1, 2, 3});
        Tensor i32 = Tensor.of(new int[] {1, 2, 3});
        Tensor f32 = Tensor.of(new float[] {1, 2, 3});
        Tensor f64 = Tensor.of(new double[] {1, 2, 3});
        Tensor b = Tensor.of(new boolean[] {true, false, true});
        Tensor f16 = f32.to(DType.FLOAT16);
        Tensor bf16 = f32.to(DType.BFLOAT16);
        assertEquals(DType.FLOAT32, i64.div(2L).dtype(), "int64 / 2 -> float32");
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f}, i64.div(2L).toFloatArray());
        assertEquals(DType.INT64, i64.add(2L).dtype());
        assertEquals(DType.FLOAT32, i64.add(2.5).dtype(), "int ⊕ double scalar -> default float");
        assertEquals(DType.FLOAT32, f32.mul(2.0).dtype(), "scalar never widens a float32 tensor");
        assertEquals(DType.FLOAT16, f16.add(1.5).dtype());
        assertEquals(DType.INT32, i32.add(5L).dtype());
        assertEquals(DType.INT64, i32.add(i64).dtype());
        assertEquals(DType.INT32, i32.add(Tensor.scalar(7L)).dtype(), "0-d int64 does not widen int32 tensor");
        assertEquals(DType.FLOAT64, i32.add(Tensor.scalar(1.0, DType.FLOAT64)).dtype(), "0-d float wins category");
        assertEquals(DType.FLOAT32, f32.add(Tensor.scalar(1.0, DType.FLOAT64)).dtype(), "0-d f64 does not widen f32");
        assertEquals(DType.FLOAT64, f32.add(f64).dtype());
        assertEquals(DType.FLOAT32, f16.add(bf16).dtype());
        assertEquals(DType.FLOAT32, i64.add(f32).dtype());
        assertEquals(DType.INT64, b.add(1L).dtype());
        assertEquals(DType.BOOL, b.logicalAnd(b).dtype());
        assertEquals(DType.FLOAT32, i64.exp().dtype(), "exp of int -> float32");
        assertEquals(DType.BOOL, f32.gt(1.5).dtype());
        assertEquals(DType.FLOAT32, Tensor.scalar(Math.log(2)).dtype(), "a Java double scalar is float32");
        assertEquals((float) Math.log(2), (float) Tensor.scalar(Math.log(2)).item());
        assertEquals(DType.FLOAT64, Tensor.scalar(Math.log(2), DType.FLOAT64).dtype());
    }

    @Test
    void halfPrecisionRoundTrips() {
        Tensor x = Tensor.of(new float[] {1f, 0.1f, 65504f, 1e-8f, -2.5f, 70000f});
        float[] h = x.to(DType.FLOAT16).toFloatArray();
        assertEquals(1f, h[0]);
        assertEquals(0.0999755859375f, h[1]);
        assertEquals(65504f, h[2]);
        assertEquals(0f, h[3]);
        assertEquals(-2.5f, h[4]);
        assertEquals(Float.POSITIVE_INFINITY, h[5]);
        float[] bf = x.to(DType.BFLOAT16).toFloatArray();
        assertEquals(0.10009765625f, bf[1]);
        assertEquals(-2.5f, bf[4]);
    }

    @Test
    void reductionsTakeExplicitDims() {
        Tensor x = Tensor.of(new double[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertArrayEquals(new double[] {5, 7, 9}, x.sum(0, false).toDoubleArray());
        assertArrayEquals(new int[] {2, 1}, x.sum(1, true).shape());
        assertEquals(21.0, x.sumAll().item());
        assertEquals(3.5, x.meanAll().item());
        assertArrayEquals(new double[] {5, 6}, x.amax(1, false).toDoubleArray());
        assertArrayEquals(new long[] {1, 2}, x.argmax(1, false).toLongArray());
        ValuesAndIndices mi = x.min(1, false);
        assertArrayEquals(new double[] {1, 2}, mi.values().toDoubleArray());
        assertArrayEquals(new long[] {0, 1}, mi.indices().toLongArray());
        assertEquals(6.0, x.maxAll().item());
        double lse = Math.log(Math.exp(1) + Math.exp(5) + Math.exp(3));
        assertEquals(lse, x.logSumExp(1, false).toDoubleArray()[0], 1e-12);
        assertEquals(DType.INT64, Tensor.of(new int[] {1, 2}).sumAll().dtype());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).amax(0, false));
    }

    @Test
    void indexingOps() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor idx = Tensor.of(new long[] {2, 0}, 2, 1);
        assertArrayEquals(new float[] {3, 4}, x.gather(1, idx).toFloatArray());
        assertArrayEquals(new float[] {3, 1, 6, 4}, x.indexSelect(1, Tensor.of(new long[] {2, 0})).toFloatArray());
        Tensor z = Tensor.zeros(2, 3).scatterAdd(1, Tensor.of(new long[] {1, 1, 0, 2}, 2, 2),
                Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertArrayEquals(new float[] {0, 3, 0, 3, 0, 4}, z.toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, Tensor.of(new long[] {1, 0}).oneHot(3).toFloatArray());
        assertThrows(IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.of(new long[] {3}, 1, 1)));
        Tensor cat = Tensor.cat(List.of(x, x.mul(10.0)), 0);
        assertArrayEquals(new int[] {4, 3}, cat.shape());
        Tensor st = Tensor.stack(List.of(x, x), 2);
        assertArrayEquals(new int[] {2, 3, 2}, st.shape());
        assertEquals(4.0, st.get(1, 0, 1));
    }

    @Test
    void matmulShapes() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(new double[] {4, 5, 10, 11}, a.matmul(b).toDoubleArray());
        assertArrayEquals(new double[] {14}, Tensor.of(new double[] {1, 2, 3}).matmul(Tensor.of(new double[] {1, 2, 3}))
                .reshape(1).toDoubleArray());
        assertArrayEquals(new double[] {4, 10}, a.matmul(Tensor.of(new double[] {1, 0, 1})).toDoubleArray());
        Tensor batched = Tensor.stack(List.of(a, a.mul(2.0)), 0).matmul(b);
        assertArrayEquals(new int[] {2, 2, 2}, batched.shape());
        assertArrayEquals(new double[] {4, 5, 10, 11, 8, 10, 20, 22}, batched.toDoubleArray());
        assertArrayEquals(new double[] {4, 10, 5, 11}, a.matmul(b).t().contiguous().toDoubleArray());
        assertArrayEquals(new double[] {1 + 4 + 9, 4 + 10 + 18}, a.matmul(a.t()).select(0, 0).toDoubleArray());
    }

    @Test
    void randomIsReproducibleAndSplittable() {
        Rng r1 = new Rng(42);
        Rng r2 = new Rng(42);
        assertArrayEquals(Tensor.randn(r1, 5).toFloatArray(), Tensor.randn(r2, 5).toFloatArray());
        Rng child = r1.split();
        long[] state = child.state();
        double v = child.nextDouble();
        assertEquals(v, Rng.fromState(state).nextDouble());
        long[] perm = Tensor.randperm(new Rng(1), 10).toLongArray();
        java.util.Arrays.sort(perm);
        assertArrayEquals(Tensor.arange(10).toLongArray(), perm);
        float[] u = Tensor.uniform(new Rng(3), -1, 1, DType.FLOAT32, 1000).toFloatArray();
        for (float f : u) {
            assertTrue(f >= -1 && f < 1);
        }
        long[] ri = Tensor.randint(new Rng(4), 3, 7, 1000).toLongArray();
        for (long l : ri) {
            assertTrue(l >= 3 && l < 7);
        }
    }

    @Test
    void reviewedEdgeCases() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        m.addi(m.t());
        assertArrayEquals(new float[] {2, 5, 5, 8}, m.toFloatArray(), "an overlapping operand is read before writing");
        Tensor c = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        c.copy_(c.t());
        assertArrayEquals(new float[] {1, 3, 2, 4}, c.toFloatArray());
        assertArrayEquals(new float[] {3f}, Tensor.linspace(3, 7, 1, DType.FLOAT32).toFloatArray());
        assertEquals(9.0, Tensor.of(new double[] {1.0}).floorDivide(Tensor.of(new double[] {0.1})).item(),
                "Python's 1.0 // 0.1");
        assertEquals(-4.0, Tensor.of(new double[] {-7}).floorDivide(Tensor.of(new double[] {2})).item());
        for (DType dt : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            for (float f : Tensor.uniform(new Rng(5), 0, 1, dt, 20000).toFloatArray()) {
                assertTrue(f >= 0 && f < 1, dt + " draw " + f);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1.0).size(0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1.0).select(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new int[] {1, 2}).clamp_(0.5, 1.5));
    }

    @Test
    void hostValuesAreReadIntoAndWrittenFromKeptArrays() {
        Tensor m = Tensor.of(new float[] {1.5f, -2f, 3.25f, 4f, 5f, 6f}, 2, 3);
        double[] kept = new double[8];
        assertSame(kept, m.toDoubleArray(kept));
        assertArrayEquals(new double[] {1.5, -2, 3.25, 4, 5, 6, 0, 0}, kept);
        // a view that is not contiguous goes through a copy, in row-major order of the view
        assertArrayEquals(new double[] {1.5, 4, -2, 5, 3.25, 6}, java.util.Arrays.copyOf(m.t().toDoubleArray(kept), 6));
        assertThrows(IllegalArgumentException.class, () -> m.toDoubleArray(new double[5]));

        double[] values = {0.1, 1e40, -7.9, Double.NaN, 2.5, -0.0};
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.BFLOAT16, DType.INT32, DType.INT64}) {
            Tensor buffer = Tensor.zeros(dtype, 2, 3);
            int version = buffer.storage().version();
            assertSame(buffer, buffer.setFrom(values));
            Tensor cast = Tensor.of(values, dtype, 2, 3);
            assertArrayEquals(cast.toDoubleArray(), buffer.toDoubleArray(), "setFrom rounds as a cast to " + dtype);
            assertTrue(buffer.storage().version() > version, "setFrom is an in-place write");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT32, 3, 2).t().setFrom(values));
        assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT32, 7).setFrom(values));
        IllegalStateException grad = assertThrows(IllegalStateException.class,
                () -> Tensor.zeros(DType.FLOAT32, 6).setRequiresGrad(true).setFrom(values));
        assertTrue(grad.getMessage().contains("requires grad"), grad.getMessage());
    }
}
