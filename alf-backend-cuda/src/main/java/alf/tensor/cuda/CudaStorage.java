package alf.tensor.cuda;

import alf.tensor.Backend;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.HalfFloats;
import alf.tensor.HostArrays;
import alf.tensor.Storage;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.driver.CUdeviceptr;

/**
 * Elements in device memory: a block of the {@link CachingAllocator}, returned to its free list when the storage
 * becomes unreachable. Host access goes through the pinned staging buffer of {@link CudaDevice}: whole-storage
 * copies ({@link #copyToHost}, {@link CudaBackend#fromHost}) are one DMA each; the element accessors, meant for
 * scalars and tests, copy one element (and synchronise the stream) per call.
 */
final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CudaBackend backend;
    private final CachingAllocator.Block<CUdeviceptr> block;

    CudaStorage(CudaBackend backend, DType dtype, int size) {
        super(dtype, size);
        this.backend = backend;
        CachingAllocator<CUdeviceptr> allocator = backend.gpu().allocator();
        this.block = allocator.allocate((long) size * dtype.itemSize());
        CachingAllocator.Block<CUdeviceptr> b = block;
        CLEANER.register(this, () -> allocator.release(b));
    }

    /** The device address of element 0. */
    CUdeviceptr pointer() {
        return block.handle();
    }

    long bytes() {
        return (long) size() * dtype().itemSize();
    }

    @Override
    public Device device() {
        return backend.device();
    }

    @Override
    public Backend backend() {
        return backend;
    }

    private ByteBuffer readElement(int i) {
        check(i);
        int item = dtype().itemSize();
        return backend.gpu().download(pointer().withByteOffset((long) i * item), item);
    }

    private void writeElement(int i, ByteBuffer bytes) {
        check(i);
        int item = dtype().itemSize();
        backend.gpu().upload(bytes.flip(), pointer().withByteOffset((long) i * item), item);
    }

    private void check(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("element " + i + " of a cuda storage of " + size() + " elements");
        }
    }

    @Override
    public double getDouble(int i) {
        ByteBuffer b = readElement(i);
        return switch (dtype()) {
            case FLOAT32 -> b.getFloat(0);
            case FLOAT64 -> b.getDouble(0);
            case FLOAT16 -> HalfFloats.halfToFloat(b.getShort(0));
            case BFLOAT16 -> HalfFloats.bfloat16ToFloat(b.getShort(0));
            case INT32 -> b.getInt(0);
            case INT64 -> b.getLong(0);
            case BOOL -> b.get(0) != 0 ? 1 : 0;
        };
    }

    @Override
    public long getLong(int i) {
        ByteBuffer b = readElement(i);
        return switch (dtype()) {
            case INT32 -> b.getInt(0);
            case INT64 -> b.getLong(0);
            case BOOL -> b.get(0) != 0 ? 1 : 0;
            case FLOAT32 -> (long) b.getFloat(0);
            case FLOAT64 -> (long) b.getDouble(0);
            case FLOAT16 -> (long) HalfFloats.halfToFloat(b.getShort(0));
            case BFLOAT16 -> (long) HalfFloats.bfloat16ToFloat(b.getShort(0));
        };
    }

    @Override
    public void setDouble(int i, double v) {
        ByteBuffer b = ByteBuffer.allocate(dtype().itemSize()).order(ByteOrder.nativeOrder());
        switch (dtype()) {
            case FLOAT32 -> b.putFloat((float) v);
            case FLOAT64 -> b.putDouble(v);
            case FLOAT16 -> b.putShort(HalfFloats.floatToHalf((float) v));
            case BFLOAT16 -> b.putShort(HalfFloats.floatToBfloat16((float) v));
            case INT32 -> b.putInt((int) v);
            case INT64 -> b.putLong((long) v);
            case BOOL -> b.put((byte) (v != 0 ? 1 : 0));
        }
        writeElement(i, b);
    }

    @Override
    public void setLong(int i, long v) {
        ByteBuffer b = ByteBuffer.allocate(dtype().itemSize()).order(ByteOrder.nativeOrder());
        switch (dtype()) {
            case INT32 -> b.putInt((int) v);
            case INT64 -> b.putLong(v);
            case BOOL -> b.put((byte) (v != 0 ? 1 : 0));
            default -> {
                setDouble(i, v);
                return;
            }
        }
        writeElement(i, b);
    }

    @Override
    public void copyToHost(Object hostArray) {
        HostArrays.check(dtype(), size(), hostArray);
        if (size() == 0) {
            return;
        }
        HostBuffers.read(backend.gpu().download(pointer(), bytes()), hostArray);
    }
}
