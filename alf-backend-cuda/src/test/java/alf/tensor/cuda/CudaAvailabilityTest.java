package alf.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import alf.nn.Linear;
import alf.nn.Module;
import alf.tensor.Backends;
import alf.tensor.Device;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import alf.trainers.TrainerConfig;
import org.junit.jupiter.api.Test;

/**
 * Choosing the device with this module on the class path: {@code auto} follows the machine, and asking for CUDA
 * where it is unusable fails with one sentence naming the reason (this half runs on every machine without a GPU).
 */
class CudaAvailabilityTest {

    @Test
    void theProviderIsFoundWithoutTouchingTheDriver() {
        assertTrue(Backends.names().contains("cuda"), "backends found: " + Backends.names());
    }

    @Test
    void withoutAGpuAutoIsTheCpuAndCudaFailsWithOneSentence() {
        assumeTrue(CudaProbe.unavailableReason().isPresent(), "a GPU is present: covered by the GPU tests");
        String reason = CudaProbe.unavailableReason().orElseThrow();
        assertEquals(Device.CPU, Backends.resolveDevice("auto"));
        assertEquals(Device.CPU, Backends.resolveDevice(" CPU "));
        String expected = "device cuda:0 was asked for, but cuda is not usable on this machine: " + reason;
        UnsupportedOperationException config = assertThrows(UnsupportedOperationException.class,
                () -> Backends.resolveDevice("cuda"));
        assertEquals(expected, config.getMessage());
        UnsupportedOperationException move = assertThrows(UnsupportedOperationException.class,
                () -> Tensor.zeros(2).to(Device.cuda(0)));
        assertEquals(expected, move.getMessage());
        IllegalArgumentException run = assertThrows(IllegalArgumentException.class, () -> new TrainerConfig(1000,
                100, 32, 1000, 1, 100, 1, 0, 1, 0, false, 0.6, 0.4, 1e-6, true, 0, "cuda"));
        assertEquals("TrainerConfig.device: " + expected, run.getMessage());
        assertEquals(Device.CPU, new TrainerConfig(1000, 100, 32, 1000, 1, 100, 1, 0, 1, 0, false, 0.6, 0.4, 1e-6,
                true, 0, "auto").resolvedDevice());
        Module net = new Linear(3, 2, new Rng(1));
        assertThrows(UnsupportedOperationException.class, () -> net.to(Device.cuda(0)));
        assertSame(net, net.to(Device.CPU), "a module already on the device is returned itself");
        assertEquals(0, CudaProbe.deviceCount());
        assertTrue(!reason.isBlank() && !reason.contains("\n"), reason);
    }

    @Test
    void withAGpuAutoIsTheFirstCudaDevice() {
        assumeTrue(CudaProbe.unavailableReason().isEmpty(), () -> "no usable GPU: "
                + CudaProbe.unavailableReason().orElse(""));
        assertEquals(Device.cuda(0), Backends.resolveDevice("auto"));
        assertThrows(IllegalArgumentException.class,
                () -> Backends.resolveDevice("cuda:" + CudaProbe.deviceCount()));
    }
}
