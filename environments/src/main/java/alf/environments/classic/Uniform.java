package alf.environments.classic;

import alf.tensor.Rng;

/** Uniform draws for initial states, as Gymnasium's {@code np_random.uniform(low, high)}: low + (high − low)·U[0, 1). */
final class Uniform {

    private Uniform() {
    }

    static double sample(Rng rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }
}
