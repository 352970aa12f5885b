package alf.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import alf.tensor.DType;
import alf.tensor.HostArrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Host arrays become the device's byte layout (bool one byte, halves raw bits) and come back unchanged. */
class HostBuffersTest {

    @Test
    void everyDtypeRoundTripsThroughTheDeviceLayout() {
        Object[] arrays = {new float[] {1.5f, -2, Float.NaN}, new double[] {1e-300, 3, -0.0},
            new short[] {0x3C00, (short) 0xC000, 1}, new short[] {0x3F80, 0x4040, 2}, new int[] {7, -8, 9},
            new long[] {1L << 60, -1, 0}, new boolean[] {true, false, true}};
        DType[] dtypes = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT32, DType.INT64,
            DType.BOOL};
        for (int i = 0; i < arrays.length; i++) {
            ByteBuffer bytes = HostBuffers.write(arrays[i]);
            assertEquals(3L * dtypes[i].itemSize(), bytes.remaining(), dtypes[i].toString());
            Object back = HostArrays.allocate(dtypes[i], 3);
            HostBuffers.read(bytes, back);
            assertEquals(java.util.Arrays.deepToString(new Object[] {arrays[i]}),
                    java.util.Arrays.deepToString(new Object[] {back}), dtypes[i].toString());
        }
    }

    @Test
    void layoutIsNativeOrderWithOneBytePerBool() {
        ByteBuffer f = HostBuffers.write(new float[] {1f, 2f}).order(ByteOrder.nativeOrder());
        assertEquals(2f, f.getFloat(4));
        ByteBuffer b = HostBuffers.write(new boolean[] {false, true, true});
        byte[] raw = new byte[3];
        b.get(raw);
        assertArrayEquals(new byte[] {0, 1, 1}, raw);
    }
}
