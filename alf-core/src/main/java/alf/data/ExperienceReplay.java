package alf.data;

import alf.io.Stateful;

/**
 * A replay memory of one-step transitions as the trainer fills it: {@link ReplayBuffer} (uniform sampling) or
 * {@link PrioritizedReplayBuffer} (proportional prioritised sampling). Sampling differs between the two (the latter
 * needs the importance-sampling exponent β and takes priorities back), so it is not part of this interface; both keep
 * their whole contents in the checkpoint.
 */
public sealed interface ExperienceReplay extends Stateful permits ReplayBuffer, PrioritizedReplayBuffer {

    /** Maximum number of transitions kept. */
    int capacity();

    /** Number of transitions stored (at most the capacity). */
    int size();

    /** Appends a batch, the oldest entries overwritten first once the buffer is full. */
    void add(Experience batch);
}
