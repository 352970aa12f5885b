package alf.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend's column sums (every dimension but the last reduced, as a bias gradient is) give the same bits
 * whether the input is contiguous (a dedicated loop) or a strided view of the same values (the general strided loop):
 * both add row after row into double sums.
 */
class ColumnSumTest {

    @Test
    void contiguousAndStridedInputsGiveTheSameBits() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] shape : new int[][] {{300, 17}, {4, 75, 9}, {1, 33}}) {
                Rng rng = new Rng(59 + shape.length * 7 + shape[shape.length - 1]);
                double[] v = Tensor.randn(rng, DType.FLOAT64, shape).toDoubleArray();
                v[0] = 3e38;
                v[v.length / 2] = 3e38;
                v[v.length - 1] = Double.NaN;
                Tensor contiguous = Tensor.of(v, dt, shape);
                int last = shape.length - 1;
                Tensor strided = contiguous.transpose(0, last).contiguous().transpose(0, last);
                int[] leading = new int[last];
                for (int d = 0; d < last; d++) {
                    leading[d] = d;
                }
                double[] expected = strided.sum(leading, false).toDoubleArray();
                double[] actual = contiguous.sum(leading, false).toDoubleArray();
                String what = dt + " " + Arrays.toString(shape);
                assertEquals(expected.length, actual.length, what);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                            what + " column " + i);
                }
            }
        }
    }
}
