package alf.trainers;

import alf.tensor.Rng;

/**
 * Every random stream of a run derived from its one seed, in a fixed order, so the same seed fixes the networks'
 * initialisation, the environments, exploration, replay sampling and training noise — and nothing else can draw.
 *
 * @param model        initialises the networks
 * @param collect      exploration noise and the initial random actions
 * @param replay       replay-buffer sampling
 * @param train        noise inside training steps (e.g. reparameterised samples)
 * @param envSeed      base seed of the training environments
 * @param evalSeedBase base seed of the evaluation environments (evaluation k uses evalSeedBase + k)
 */
public record SeedPlan(Rng model, Rng collect, Rng replay, Rng train, long envSeed, long evalSeedBase) {

    /** The plan of {@code seed}. */
    public static SeedPlan of(long seed) {
        Rng root = new Rng(seed);
        Rng model = root.split();
        Rng collect = root.split();
        Rng replay = root.split();
        Rng train = root.split();
        long envSeed = root.nextLong();
        long evalSeedBase = root.nextLong();
        return new SeedPlan(model, collect, replay, train, envSeed, evalSeedBase);
    }
}
