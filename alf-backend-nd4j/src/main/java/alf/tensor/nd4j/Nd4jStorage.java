package alf.tensor.nd4j;

import alf.tensor.Backend;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.HalfFloats;
import alf.tensor.HostArrays;
import alf.tensor.Storage;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Storage of the {@link Nd4jBackend}: one flat, off-heap ND4J {@link DataBuffer} of the matching ND4J data type
 * ({@link Nd4jInterop#toNd4j}); bool is ND4J {@code BOOL}. Kernels view it through INDArrays with explicit shape,
 * strides and offset. A storage of zero elements holds no buffer (ND4J cannot allocate one), which no kernel reads.
 *
 * <p>float16 and bfloat16 values are rounded to the dtype in Java (round to nearest even, {@link HalfFloats}) before
 * they are stored, so a stored value is always exactly representable and ND4J's own float-to-half conversion (which
 * truncates for bfloat16) never rounds.
 */
public final class Nd4jStorage extends Storage {
    private final DataBuffer buffer;

    Nd4jStorage(DType dtype, int size) {
        super(dtype, size);
        this.buffer = size == 0 ? null : Nd4j.createBuffer(Nd4jInterop.toNd4j(dtype), size, true);
    }

    /** The ND4J buffer (null for an empty storage). */
    public DataBuffer buffer() {
        return buffer;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Backend backend() {
        return Nd4jBackend.INSTANCE;
    }

    @Override
    public double getDouble(int i) {
        return switch (dtype()) {
            case INT64 -> buffer.getLong(i);
            case BOOL -> buffer.getLong(i) != 0 ? 1.0 : 0.0;
            default -> buffer.getDouble(i);
        };
    }

    @Override
    public void setDouble(int i, double v) {
        switch (dtype()) {
            case FLOAT32 -> buffer.put(i, (float) v);
            case FLOAT64 -> buffer.put(i, v);
            case FLOAT16 -> buffer.put(i, HalfFloats.halfToFloat(HalfFloats.floatToHalf((float) v)));
            case BFLOAT16 -> buffer.put(i, HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16((float) v)));
            // the same saturating conversion as a Java cast (NaN becomes 0), then the integral store
            case INT32 -> buffer.put(i, (int) (long) v);
            case INT64 -> buffer.put(i, (long) v);
            case BOOL -> buffer.put(i, v != 0.0);
        }
    }

    @Override
    public long getLong(int i) {
        return switch (dtype()) {
            case INT32, INT64 -> buffer.getLong(i);
            case BOOL -> buffer.getLong(i) != 0 ? 1L : 0L;
            default -> (long) buffer.getDouble(i);
        };
    }

    @Override
    public void setLong(int i, long v) {
        switch (dtype()) {
            case INT32 -> buffer.put(i, (int) v);
            case INT64 -> buffer.put(i, v);
            case BOOL -> buffer.put(i, v != 0);
            default -> setDouble(i, v);
        }
    }

    /** Bulk copies for the dtypes ND4J stores as Java arrays do; halves and bool go element by element. */
    @Override
    public void copyToHost(Object hostArray) {
        HostArrays.check(dtype(), size(), hostArray);
        if (size() == 0) {
            return;
        }
        switch (dtype()) {
            case FLOAT32 -> System.arraycopy(buffer.asFloat(), 0, hostArray, 0, size());
            case FLOAT64 -> System.arraycopy(buffer.asDouble(), 0, hostArray, 0, size());
            case INT32 -> System.arraycopy(buffer.asInt(), 0, hostArray, 0, size());
            case INT64 -> System.arraycopy(buffer.asLong(), 0, hostArray, 0, size());
            default -> super.copyToHost(hostArray);
        }
    }

    /** Overwrites all elements with those of the host array {@code hostArray} of this dtype. */
    void copyFromHost(Object hostArray) {
        HostArrays.check(dtype(), size(), hostArray);
        if (size() == 0) {
            return;
        }
        switch (dtype()) {
            case FLOAT32 -> buffer.setData((float[]) hostArray);
            case FLOAT64 -> buffer.setData((double[]) hostArray);
            case INT32 -> buffer.setData((int[]) hostArray);
            case INT64 -> buffer.setData((long[]) hostArray);
            default -> {
                for (int i = 0; i < size(); i++) {
                    HostArrays.load(hostArray, i, this);
                }
            }
        }
    }
}
