package alf.io;

import java.util.Map;

/**
 * Something whose complete state goes into a checkpoint: networks, optimizers, replay buffers, random generators,
 * normaliser statistics, counters. The state is a tree of nested {@code Map<String, Object>} whose leaves are
 * {@link alf.tensor.Tensor}s, numbers ({@code Long}, {@code Double}), {@code Boolean}s, {@code String}s,
 * {@code long[]} or {@code double[]}; {@link Checkpoint} stores the tensors as safetensors and the rest as JSON.
 * Loading the state returned by {@link #stateDict()} must restore behaviour bit for bit.
 */
public interface Stateful {

    /** The complete state (tensors may share storage with the live object: the caller writes them out at once). */
    Map<String, Object> stateDict();

    /** Restores a state produced by {@link #stateDict()}; missing or mismatched entries are errors naming them. */
    void loadStateDict(Map<String, Object> state);
}
