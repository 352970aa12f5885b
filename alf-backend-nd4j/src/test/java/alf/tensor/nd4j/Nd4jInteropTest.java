package alf.tensor.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jInteropTest {

    @Test
    void everyDtypeRoundTripsExactly() {
        Tensor base = Tensor.randn(new Rng(5), DType.FLOAT64, 2, 3, 4).mul(100.0);
        for (DType dt : DType.values()) {
            Tensor t = base.to(dt);
            INDArray a = Nd4jInterop.toINDArray(t);
            assertEquals(Nd4jInterop.toNd4j(dt), a.dataType(), dt.toString());
            assertArrayEquals(new long[] {2, 3, 4}, a.shape());
            Tensor back = Nd4jInterop.fromINDArray(a);
            assertEquals(dt, back.dtype());
            assertArrayEquals(t.shape(), back.shape());
            assertArrayEquals(t.toDoubleArray(), back.toDoubleArray(), 0.0, dt.toString());
        }
    }

    @Test
    void stridedViewsAndFortranOrderAreMaterialised() {
        Tensor t = Tensor.arange(12).to(DType.FLOAT32).reshape(3, 4).transpose(0, 1);
        INDArray a = Nd4jInterop.toINDArray(t);
        assertEquals(5.0f, a.getFloat(1, 1));
        assertEquals(4.0f, a.getFloat(0, 1));
        INDArray f = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'f');
        Tensor back = Nd4jInterop.fromINDArray(f);
        assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, back.toDoubleArray());
        Tensor elementValue = Nd4jInterop.fromINDArray(Nd4j.scalar(2.5));
        assertEquals(0, elementValue.dim());
        assertEquals(2.5, elementValue.item());
    }
}
