package alf.trainers;

import alf.data.Experience;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.io.StateDict;
import alf.rl.LossInfo;
import alf.rl.RLAlgorithm;
import alf.tensor.Backend;
import alf.tensor.Backends;
import alf.tensor.Device;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An algorithm whose networks, optimizer state and update live on another device (a GPU) while the environments, the
 * replay buffer and the trainer stay on the CPU ({@link TrainerConfig#device()}). The algorithm is built, and every
 * call into it runs, with the device's backend as the default one, so the tensors it creates (parameters, optimizer
 * moments, constants, random draws) land on the device; time steps and replayed batches are copied there on the way
 * in, and actions and priorities come back to the CPU on the way out. Loss values stay on the device; the trainer
 * reads them as numbers.
 */
public final class DeviceAlgorithm implements RLAlgorithm {
    private final Device device;
    private final Backend backend;
    private final RLAlgorithm inner;

    private DeviceAlgorithm(Device device, Backend backend, RLAlgorithm inner) {
        this.device = device;
        this.backend = backend;
        this.inner = inner;
    }

    /**
     * The algorithm that {@code build} makes, placed on {@code device}: itself on the CPU, else built and run on the
     * device as described above (a clear error when the device is not usable here).
     */
    public static RLAlgorithm place(Device device, Supplier<? extends RLAlgorithm> build) {
        if (device.type() == Device.Type.CPU) {
            return build.get();
        }
        Backend backend = Backends.forDevice(device);
        return new DeviceAlgorithm(device, backend, onDevice(backend, build));
    }

    /** The device the algorithm runs on. */
    public Device device() {
        return device;
    }

    private static <T> T onDevice(Backend backend, Supplier<T> work) {
        Backend previous = Backends.setDefault(backend);
        try {
            return work.get();
        } finally {
            Backends.setDefault(previous);
        }
    }

    private Tensor in(Tensor t) {
        return t == null ? null : t.to(device);
    }

    private static Tensor out(Tensor t) {
        return t == null ? null : Backends.adopt(Backends.defaultBackend(), t);
    }

    private TimeStep in(TimeStep s) {
        return new TimeStep(in(s.stepType()), in(s.reward()), in(s.discount()), in(s.observation()),
                in(s.prevAction()), in(s.envId()));
    }

    private Experience in(Experience e) {
        return new Experience(in(e.observation()), in(e.action()), in(e.reward()), in(e.discount()),
                in(e.nextObservation()));
    }

    @Override
    public List<String> metricNames() {
        return inner.metricNames();
    }

    @Override
    public Tensor predictAction(TimeStep step) {
        return out(onDevice(backend, () -> inner.predictAction(in(step))));
    }

    @Override
    public Tensor rolloutAction(TimeStep step, Rng rng) {
        return out(onDevice(backend, () -> inner.rolloutAction(in(step), rng)));
    }

    @Override
    public LossInfo trainStep(SampledBatch batch, Rng rng) {
        LossInfo info = onDevice(backend, () -> inner.trainStep(new SampledBatch(in(batch.experience()),
                in(batch.indices()), in(batch.weights())), rng));
        return info.priorities() == null ? info
                : new LossInfo(info.loss(), info.terms(), info.metrics(), out(info.priorities()));
    }

    @Override
    public void update(LossInfo loss) {
        onDevice(backend, () -> {
            inner.update(loss);
            return null;
        });
    }

    @Override
    public void afterUpdate() {
        onDevice(backend, () -> {
            inner.afterUpdate();
            return null;
        });
    }

    /** The inner algorithm's trained parameters, where they live (the trainer checks them for finiteness). */
    @Override
    public List<Tensor> trainedParameters() {
        return inner.trainedParameters();
    }

    /** The inner algorithm's named parameters, where they live (summaries copy them to the host). */
    @Override
    public Map<String, Tensor> namedParameters() {
        return inner.namedParameters();
    }

    @Override
    public StateDict stateDict() {
        return onDevice(backend, inner::stateDict);
    }

    @Override
    public void loadStateDict(StateDict state) {
        onDevice(backend, () -> {
            inner.loadStateDict(state);
            return null;
        });
    }
}
