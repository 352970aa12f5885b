package alf.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backends are found through {@link BackendProvider} (alf-core alone provides only {@code cpu}); asking for one whose
 * module is absent names the Maven module to add; host transfer goes through host arrays.
 */
class BackendDiscoveryTest {

    @Test
    void alfCoreAloneProvidesTheCpuBackend() {
        assertEquals(List.of("cpu"), Backends.names());
        assertEquals("cpu", Backends.byName(" CPU ").name());
        assertSame(Backends.byName("cpu"), Backends.host());
    }

    @Test
    void anAbsentBackendNamesTheModuleToAdd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("nd4j"));
        assertEquals("backend 'nd4j' (property alf.backend) is not on the class path: add the Maven module "
                + "ai.alf:alf-backend-nd4j (backends found: [cpu])", e.getMessage());
        UnsupportedOperationException d = assertThrows(UnsupportedOperationException.class,
                () -> Tensor.zeros(2).to(Device.cuda(0)));
        assertEquals("no backend serves device cuda:0: add the Maven module ai.alf:alf-backend-cuda (backends "
                + "found: [cpu])", d.getMessage());
    }

    @Test
    void hostTransferRoundTripsEveryDtype() {
        Backend host = Backends.host();
        Object[] arrays = {new float[] {1.5f, -2}, new double[] {1e-300, 3}, new short[] {0x3C00, (short) 0xC000},
            new short[] {0x3F80, 0x4040}, new int[] {7, -8}, new long[] {1L << 60, -1}, new boolean[] {true, false}};
        DType[] dtypes = {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16, DType.INT32, DType.INT64,
            DType.BOOL};
        for (int i = 0; i < dtypes.length; i++) {
            Storage s = host.fromHost(dtypes[i], arrays[i]);
            Object back = HostArrays.allocate(dtypes[i], 2);
            s.copyToHost(back);
            assertEquals(java.util.Arrays.deepToString(new Object[] {arrays[i]}),
                    java.util.Arrays.deepToString(new Object[] {back}), dtypes[i].toString());
        }
        assertArrayEquals(new float[] {1, -2}, Tensor.of(new double[] {1, -2}).toFloatArray());
    }

    @Test
    void aWrongHostArrayIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.host().fromHost(DType.FLOAT64, new float[3]));
        assertEquals("host transfer of float64[3] needs a double[3], got float[3]", e.getMessage());
        Storage s = Backends.host().allocate(DType.INT32, 2);
        e = assertThrows(IllegalArgumentException.class, () -> s.copyToHost(new int[3]));
        assertEquals("host transfer of int32[2] needs a int[2], got int[3]", e.getMessage());
        assertEquals(4, HostArrays.length(new boolean[4]));
    }
}
