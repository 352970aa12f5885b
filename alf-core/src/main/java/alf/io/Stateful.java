package alf.io;

/**
 * Something whose complete state goes into a checkpoint: networks, optimizers, replay buffers, random generators,
 * normaliser statistics, counters. The state is a typed {@link StateDict}; {@link Checkpointer} stores its tensors as
 * safetensors and the rest as JSON. Loading the state returned by {@link #stateDict()} must restore behaviour bit for
 * bit.
 */
public interface Stateful {

    /** The complete state (tensors may share storage with the live object: the caller writes them out at once). */
    StateDict stateDict();

    /**
     * Restores a state produced by {@link #stateDict()}; a missing or mismatched entry is an error naming it (the
     * typed getters of {@link StateDict} do that).
     */
    void loadStateDict(StateDict state);
}
