package alf.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.SafeTensors;
import alf.nn.Linear;
import alf.nn.Module;
import alf.tensor.Backends;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only a GPU can show about the cuda backend beyond the shared conformance suites: both GEMM paths against the
 * CPU, the caching allocator staying warm, Philox reproducibility, kernel errors reaching the host, graph replay,
 * modules and checkpoints crossing devices. Skipped, saying why, without a GPU.
 */
@ExtendWith(GpuAssumption.class)
class CudaBackendTest {
    private static CudaBackend cuda;

    @BeforeAll
    static void openTheGpu() {
        cuda = CudaBackend.forOrdinal(0);
    }

    private static Tensor gpu(Tensor t) {
        return t.to(Device.cuda(0));
    }

    @Test
    void bothGemmPathsMatchTheCpuOnTransposedAndBroadcastOperands() {
        Rng rng = new Rng(7);
        GemmPath initial = cuda.gemmPath();
        try {
            for (GemmPath path : GemmPath.values()) {
                if (path == GemmPath.CUBLAS && initial != GemmPath.CUBLAS) {
                    assertThrows(IllegalStateException.class, () -> cuda.setGemmPath(GemmPath.CUBLAS));
                    continue;
                }
                cuda.setGemmPath(path);
                for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    Tensor a = Tensor.randn(rng, dt, 3, 37, 19);
                    Tensor b = Tensor.randn(rng, dt, 3, 45, 19).transpose(1, 2);
                    Tensor expected = a.matmul(b);
                    Tensor actual = gpu(a).matmul(gpu(b));
                    assertEquals(Device.cuda(0), actual.device());
                    assertClose(expected.toDoubleArray(), actual.toDoubleArray(), dt == DType.FLOAT32 ? 1e-4 : 1e-12,
                            path + " " + dt);
                    Tensor w = Tensor.randn(rng, dt, 19, 5);
                    assertClose(a.matmul(w).toDoubleArray(), gpu(a).matmul(gpu(w)).toDoubleArray(),
                            dt == DType.FLOAT32 ? 1e-4 : 1e-12, path + " broadcast " + dt);
                }
            }
        } finally {
            cuda.setGemmPath(initial);
        }
    }

    @Test
    void aWarmTrainingStepAllocatesNothingNew() throws InterruptedException {
        Module net = new Linear(64, 64, new Rng(1)).to(Device.cuda(0));
        Tensor x = gpu(Tensor.randn(new Rng(2), 256, 64));
        long rawWhenWarm = 0;
        for (int step = 0; step < 20; step++) {
            net.zeroGrad();
            net.call(x).tanh().square().meanAll().backward();
            cuda.synchronize();
            // Java returns a block when the collector finds its storage dead: let it, as a long run's GCs do
            System.gc();
            Thread.sleep(20);
            if (step == 9) {
                rawWhenWarm = cuda.allocatorStats().rawAllocations();
            }
        }
        CachingAllocator.Stats stats = cuda.allocatorStats();
        assertTrue(stats.cacheHits() > 0, stats.toString());
        assertEquals(rawWhenWarm, stats.rawAllocations(), "no cuMemAlloc once warm: " + stats);
    }

    @Test
    void philoxDrawsAreReproducibleAndWellFormed() {
        Tensor a = Tensor.empty(DType.FLOAT32, Device.cuda(0), 100_000);
        Tensor b = Tensor.empty(DType.FLOAT32, Device.cuda(0), 100_000);
        cuda.random(a, true, 42, 0, 1);
        cuda.random(b, true, 42, 0, 1);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        cuda.random(b, true, 43, 0, 1);
        assertNotEquals(a.toFloatArray()[0], b.toFloatArray()[0]);
        double mean = a.meanAll().item();
        double var = a.sub(mean).square().meanAll().item();
        assertEquals(0, mean, 0.02);
        assertEquals(1, var, 0.02);
        cuda.random(a, false, 7, -2, 3);
        assertTrue(a.minAll().item() >= -2 && a.maxAll().item() < 3);
        // the framework's random tensors on the GPU take one key from the run's generator
        Backends.setDefault(cuda);
        try {
            float[] first = Tensor.randn(new Rng(5), 1000).toFloatArray();
            float[] again = Tensor.randn(new Rng(5), 1000).toFloatArray();
            assertArrayEquals(first, again);
            assertEquals(Device.cuda(0), Tensor.rand(new Rng(5), 3).device());
        } finally {
            Backends.setDefault("cpu");
        }
    }

    @Test
    void anOutOfRangeIndexIsReportedAtTheNextSynchronisation() {
        Tensor x = gpu(Tensor.of(new float[] {1, 2, 3}));
        Tensor index = gpu(Tensor.of(new long[] {0, 5}));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> x.indexSelect(0, index).toFloatArray());
        assertTrue(e.getMessage().startsWith("index 5 is out of range for a dimension of size 3"), e.getMessage());
        assertArrayEquals(new float[] {2}, x.indexSelect(0, gpu(Tensor.of(new long[] {1}))).toFloatArray());
    }

    @Test
    void aCapturedGraphReplaysItsKernels() {
        Tensor x = gpu(Tensor.of(new float[] {1, 2, 3}));
        cuda.synchronize();
        try (CudaGraph graph = cuda.newGraph()) {
            graph.beginCapture();
            cuda.binary(alf.tensor.BinaryOp.MUL, x, x, x);
            graph.endCapture();
            graph.launch();
            graph.launch();
            assertArrayEquals(new float[] {1, 16, 81}, x.toFloatArray());
        }
    }

    @Test
    void modulesAndCheckpointsCrossDevices(@TempDir Path dir) throws Exception {
        Module cpu = new Linear(3, 2, new Rng(5));
        Module onGpu = cpu.to(Device.cuda(0));
        Tensor x = Tensor.of(new float[] {0.5f, -1, 2}, 1, 3);
        assertClose(cpu.call(x).toDoubleArray(), onGpu.call(gpu(x)).toDoubleArray(), 1e-6, "forward on the GPU");
        Path file = dir.resolve("gpu.safetensors");
        onGpu.saveSafetensors(file);
        Module fresh = new Linear(3, 2, new Rng(6));
        fresh.loadSafetensors(file, true);
        assertClose(cpu.call(x).toDoubleArray(), fresh.call(x).toDoubleArray(), 0, "written on the GPU, read on CPU");
        Module back = new Linear(3, 2, new Rng(8)).to(Device.cuda(0));
        Map<String, Tensor> state = SafeTensors.read(file);
        back.loadStateDict(state, true);
        assertClose(cpu.call(x).toDoubleArray(), back.call(gpu(x)).toDoubleArray(), 1e-6, "read into a GPU module");
        assertEquals(Device.CPU, Backends.resolveDevice("cpu"));
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }
}
