package alf.tensor.cuda;

import alf.tensor.HostArrays;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Host arrays ({@link HostArrays}) as the native-order bytes the device holds: bool as one byte 0/1, the half types
 * as their raw 16-bit patterns, the rest as their Java primitive.
 */
final class HostBuffers {
    private HostBuffers() {
    }

    /** The bytes of a host array, ready to upload. */
    static ByteBuffer write(Object array) {
        int n = HostArrays.length(array);
        ByteBuffer b;
        if (array instanceof float[] a) {
            b = allocate(n * 4L);
            b.asFloatBuffer().put(a);
        } else if (array instanceof double[] a) {
            b = allocate(n * 8L);
            b.asDoubleBuffer().put(a);
        } else if (array instanceof short[] a) {
            b = allocate(n * 2L);
            b.asShortBuffer().put(a);
        } else if (array instanceof int[] a) {
            b = allocate(n * 4L);
            b.asIntBuffer().put(a);
        } else if (array instanceof long[] a) {
            b = allocate(n * 8L);
            b.asLongBuffer().put(a);
        } else {
            boolean[] a = (boolean[]) array;
            b = allocate(n);
            for (boolean v : a) {
                b.put((byte) (v ? 1 : 0));
            }
            b.flip();
        }
        return b;
    }

    /** Fills a host array from downloaded bytes. */
    static void read(ByteBuffer bytes, Object array) {
        ByteBuffer b = bytes.order(ByteOrder.nativeOrder());
        if (array instanceof float[] a) {
            b.asFloatBuffer().get(a);
        } else if (array instanceof double[] a) {
            b.asDoubleBuffer().get(a);
        } else if (array instanceof short[] a) {
            b.asShortBuffer().get(a);
        } else if (array instanceof int[] a) {
            b.asIntBuffer().get(a);
        } else if (array instanceof long[] a) {
            b.asLongBuffer().get(a);
        } else {
            boolean[] a = (boolean[]) array;
            for (int i = 0; i < a.length; i++) {
                a[i] = b.get(i) != 0;
            }
        }
    }

    private static ByteBuffer allocate(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a host transfer of " + bytes + " bytes exceeds 2 GiB");
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.nativeOrder());
    }
}
