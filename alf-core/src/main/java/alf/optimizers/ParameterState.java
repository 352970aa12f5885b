package alf.optimizers;

import alf.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable per-parameter state of an optimizer: how many updates this parameter received, and named state
 * tensors (PyTorch's names: {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq}, {@code momentum_buffer}),
 * allocated once, with the parameter's shape, dtype and device, when the parameter first gets a gradient.
 */
public final class ParameterState {
    private long step;
    private final Map<String, Tensor> tensors;

    ParameterState(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The number of updates applied to this parameter (the {@code t} of Adam's bias correction). */
    public long step() {
        return step;
    }

    void setStep(long step) {
        this.step = step;
    }

    /** The state tensor called {@code name}; fails naming the known slots when there is none. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no optimizer state tensor '" + name + "'; this state has "
                    + tensors.keySet());
        }
        return t;
    }

    /** All state tensors by name, in slot order (live tensors, not copies). */
    public Map<String, Tensor> tensors() {
        return tensors;
    }
}
