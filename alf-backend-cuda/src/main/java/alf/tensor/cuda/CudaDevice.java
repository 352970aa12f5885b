package alf.tensor.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleGetGlobal;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * One GPU as the backend sees it: its primary context, the one non-blocking stream every kernel and copy is issued
 * on (in order, so no event is ever needed), the kernel module loaded from the committed PTX with
 * {@code cuModuleLoadData}, the caching allocator, a pinned host staging buffer for host↔device copies, and the
 * device-side error word the kernels set (index out of range, integer division by zero), checked at every
 * synchronisation.
 */
final class CudaDevice {
    /** The committed PTX (scripts/gpu-ptx.sh regenerates it from src/main/cuda/alf_kernels.cu). */
    static final String PTX_RESOURCE = "/alf/tensor/cuda/alf_kernels.ptx";

    /** Uploads up to this many bytes go from pageable memory without waiting (see {@link #upload}). */
    static final long SMALL_UPLOAD = 64 * 1024;

    private final int ordinal;
    private final String name;
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final CUdeviceptr errorWord = new CUdeviceptr();
    private final CachingAllocator<CUdeviceptr> allocator;
    private Pointer staging;
    private long stagingBytes;

    CudaDevice(int ordinal) {
        this.ordinal = ordinal;
        JCudaDriver.setExceptionsEnabled(true);
        CUdevice device = new CUdevice();
        cuDeviceGet(device, ordinal);
        byte[] nameBytes = new byte[256];
        cuDeviceGetName(nameBytes, nameBytes.length, device);
        int end = 0;
        while (end < nameBytes.length && nameBytes[end] != 0) {
            end++;
        }
        this.name = new String(nameBytes, 0, end, StandardCharsets.US_ASCII);
        cuDevicePrimaryCtxRetain(context, device);
        cuCtxSetCurrent(context);
        cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
        cuModuleLoadData(module, loadPtx());
        long[] size = {0};
        cuModuleGetGlobal(errorWord, size, module, "alf_error");
        this.allocator = new CachingAllocator<>(CachingAllocator.rawMemory(bytes -> {
            CUdeviceptr p = new CUdeviceptr();
            cuMemAlloc(p, bytes);
            return p;
        }, p -> cuMemFree(p)), CudaDevice::collectGarbage);
    }

    /** The committed PTX as a NUL-terminated byte array, as cuModuleLoadData expects. */
    static byte[] loadPtx() {
        try (InputStream in = CudaDevice.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the cuda backend's kernels " + PTX_RESOURCE
                        + " are missing from the class path (run scripts/gpu-ptx.sh)");
            }
            byte[] text = in.readAllBytes();
            byte[] z = new byte[text.length + 1];
            System.arraycopy(text, 0, z, 0, text.length);
            return z;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + PTX_RESOURCE, e);
        }
    }

    /** Lets the garbage collector return the blocks of dead storages before the allocator retries. */
    private static void collectGarbage() {
        System.gc();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int ordinal() {
        return ordinal;
    }

    String name() {
        return name;
    }

    CUstream stream() {
        return stream;
    }

    CachingAllocator<CUdeviceptr> allocator() {
        return allocator;
    }

    /** Makes this device's context current on the calling thread (JCuda calls are per thread). */
    void makeCurrent() {
        cuCtxSetCurrent(context);
    }

    /** A kernel of the module by name. */
    synchronized CUfunction function(String kernel) {
        return functions.computeIfAbsent(kernel, k -> {
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, module, k);
            return f;
        });
    }

    /** Launches {@code kernel} with a 1-d grid on the stream; {@code params} is a Pointer.to(Pointer.to(...), ...). */
    void launch(String kernel, int blocks, int threads, Pointer params) {
        launch(kernel, blocks, 1, 1, threads, 1, params);
    }

    /** Launches {@code kernel} with a 3-d grid and 2-d blocks on the stream; a failure names the kernel and grid. */
    void launch(String kernel, int gx, int gy, int gz, int bx, int by, Pointer params) {
        makeCurrent();
        try {
            cuLaunchKernel(function(kernel), gx, gy, gz, bx, by, 1, 0, stream, params, null);
        } catch (CudaException e) {
            throw new IllegalStateException("cuda kernel " + kernel + " failed to launch on grid (" + gx + ", " + gy
                    + ", " + gz + ") with blocks (" + bx + ", " + by + ") on " + name + ": " + e.getMessage(), e);
        }
    }

    /** Zero-fills {@code bytes} bytes on the stream. */
    void zero(CUdeviceptr p, long bytes) {
        makeCurrent();
        cuMemsetD8Async(p, (byte) 0, bytes, stream);
    }

    /** A pinned host buffer of at least {@code bytes} bytes, reused between copies (grown when too small). */
    private Pointer staging(long bytes) {
        if (stagingBytes < bytes) {
            if (staging != null) {
                cuMemFreeHost(staging);
            }
            stagingBytes = Math.max(bytes, Math.max(1 << 20, stagingBytes * 2));
            staging = new Pointer();
            cuMemAllocHost(staging, stagingBytes);
        }
        return staging;
    }

    /**
     * Copies {@code bytes} from the host buffer {@code from} to the device, in stream order. A small copy (a scalar,
     * a step's observations) goes from pageable memory with {@code cuMemcpyHtoDAsync}: the driver has staged the source
     * when the call returns (CUDA's "API synchronization behavior"; it may wait for the stream to do so), and no
     * synchronisation or error check of ours is added. A large one (a batch) goes through the pinned staging buffer at
     * full DMA speed and waits for the copy, since that buffer is reused.
     */
    synchronized void upload(ByteBuffer from, CUdeviceptr to, long bytes) {
        makeCurrent();
        if (bytes <= SMALL_UPLOAD) {
            // off-heap, so the address cannot move while the driver stages it (a Java array could)
            ByteBuffer direct = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
            direct.put(from.duplicate().order(ByteOrder.nativeOrder())).rewind();
            cuMemcpyHtoDAsync(to, Pointer.to(direct), bytes, stream);
            return;
        }
        ByteBuffer pinned = staging(bytes).getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
        pinned.put(from.duplicate().order(ByteOrder.nativeOrder()));
        cuMemcpyHtoDAsync(to, staging, bytes, stream);
        synchronize();
    }

    /** Copies {@code bytes} from the device to a fresh native-order byte buffer through the pinned staging buffer. */
    synchronized ByteBuffer download(CUdeviceptr from, long bytes) {
        makeCurrent();
        Pointer pinned = staging(bytes);
        cuMemcpyDtoHAsync(pinned, from, bytes, stream);
        synchronize();
        ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.nativeOrder());
        out.put(pinned.getByteBuffer(0, bytes));
        return out.flip();
    }

    /** Waits for the stream, then raises the first error a kernel recorded since the last check. */
    void synchronize() {
        makeCurrent();
        cuStreamSynchronize(stream);
        int[] error = new int[3];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(error), errorWord, 12);
        if (error[0] != 0) {
            JCudaDriver.cuMemsetD8(errorWord, (byte) 0, 12);
            throw KernelError.toException(error[0], error[1], error[2]);
        }
    }
}
