package alf.experiments.playground;

import alf.optimizers.Adam;
import alf.optimizers.AdamTF;
import alf.optimizers.Optimizer;
import alf.optimizers.Sgd;
import java.util.List;
import java.util.function.Supplier;

/**
 * One optimizer of the playground: a name, its settings written out (shown in legends and the CSV), and a factory
 * for a fresh instance of the real optimizer class.
 *
 * @param name     legend name
 * @param settings the hyper-parameters, e.g. {@code lr 0.1, momentum 0.9}
 * @param factory  builds a new optimizer (no parameters added)
 */
public record PlaygroundOptimizer(String name, String settings, Supplier<Optimizer> factory) {

    /**
     * The four optimizers the playground compares, with learning rates picked so each makes visible progress in
     * 100 steps from (0.8, 0.8): gradient descent ({@code Sgd}, lr 0.1), momentum ({@code Sgd}, lr 0.1, μ 0.9),
     * {@code Adam} (PyTorch rule, lr 0.1, eps 1e-8) and {@code AdamTF} (TensorFlow rule, lr 0.1, eps 1e-7), both
     * with β = (0.9, 0.999). Plain gradient descent with lr 0.1 stalls on the plateau; that is the point.
     */
    public static List<PlaygroundOptimizer> standard() {
        return List.of(
                new PlaygroundOptimizer("gradient descent", "Sgd lr 0.1",
                        () -> new Sgd(0.1, 0, 0, false, 0, null, null)),
                new PlaygroundOptimizer("momentum", "Sgd lr 0.1, momentum 0.9",
                        () -> new Sgd(0.1, 0.9, 0, false, 0, null, null)),
                new PlaygroundOptimizer("Adam", "Adam lr 0.1, betas (0.9, 0.999), eps 1e-8",
                        () -> new Adam(0.1, 0.9, 0.999, 1e-8, 0, false, null, null)),
                new PlaygroundOptimizer("AdamTF", "AdamTF lr 0.1, betas (0.9, 0.999), eps 1e-7",
                        () -> new AdamTF(0.1, 0.9, 0.999, 1e-7, 0, false, null, null)));
    }
}
