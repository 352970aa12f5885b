package alf.trainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.io.StateDict;
import alf.rl.LossInfo;
import alf.rl.RLAlgorithm;
import alf.tensor.Backends;
import alf.tensor.Device;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code device} of a run as alf-core alone sees it (no GPU backend on its class path): {@code cpu} and
 * {@code auto} run on the CPU with the algorithm untouched, and {@code cuda} fails when the configuration is read,
 * in one sentence naming the module to add.
 */
class DeviceChoiceTest {

    private static TrainerConfig config(String device) {
        return new TrainerConfig(1000, 100, 32, 1000, 1, 100, 1, 0, 1, 0, false, 0.6, 0.4, 1e-6, true, 0, device);
    }

    @Test
    void cpuAndAutoResolveToTheCpuHere() {
        assertEquals(Device.CPU, config("cpu").resolvedDevice());
        assertEquals(Device.CPU, config("auto").resolvedDevice());
        assertEquals(Device.CPU, config(" AUTO ").resolvedDevice());
    }

    @Test
    void aGpuThatNoBackendServesFailsWhenTheConfigIsRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config("cuda:1"));
        assertEquals("TrainerConfig.device: no backend serves device cuda:1: add the Maven module "
                + "ai.alf:alf-backend-cuda (backends found: [cpu])", e.getMessage());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> config("gpu"));
        assertEquals("TrainerConfig.device: unknown device 'gpu' (expected cpu, cuda, cuda:N or auto)",
                typo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.resolveDevice(null));
    }

    @Test
    void onTheCpuTheAlgorithmIsUsedAsBuilt() {
        RLAlgorithm algorithm = new RLAlgorithm() {
            @Override
            public List<String> metricNames() {
                return List.of();
            }

            @Override
            public Tensor predictAction(TimeStep step) {
                return step.observation();
            }

            @Override
            public Tensor rolloutAction(TimeStep step, Rng rng) {
                return step.observation();
            }

            @Override
            public LossInfo trainStep(SampledBatch batch, Rng rng) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void update(LossInfo loss) {
            }

            @Override
            public void afterUpdate() {
            }

            @Override
            public StateDict stateDict() {
                return new StateDict();
            }

            @Override
            public void loadStateDict(StateDict state) {
            }
        };
        assertSame(algorithm, DeviceAlgorithm.place(Device.CPU, () -> algorithm));
        assertThrows(UnsupportedOperationException.class, () -> DeviceAlgorithm.place(Device.cuda(0), () -> {
            throw new AssertionError("nothing is built for a device no backend serves");
        }));
    }
}
