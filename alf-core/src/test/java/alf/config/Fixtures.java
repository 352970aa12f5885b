package alf.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small configurable classes used by the config tests: optimizers, a SAC-like algorithm, a network. */
final class Fixtures {

    private Fixtures() {
    }

    /** The interface nested optimizer values must implement. */
    interface Optimizer {
        double lr();
    }

    /** PyTorch-style Adam: {@code lr} is required, the rest have defaults. */
    @Configurable
    record Adam(double lr, @Default("0.9") double beta1, @Default("0.999") double beta2,
                @Default("1e-8") double eps) implements Optimizer {
    }

    /** TensorFlow-style Adam with every parameter defaulted. */
    @Configurable
    record AdamTF(@Default("1e-3") double lr, @Default("false") boolean amsgrad) implements Optimizer {
    }

    /** How actions are chosen. */
    enum Mode { STOCHASTIC, DETERMINISTIC }

    /** A value only code can supply (like an environment). */
    record FakeEnv(String name) {
    }

    /** A network with array-typed parameters. */
    @Configurable
    record Network(@Default("[64, 64]") int[] sizes, @Default("[1.0, 0.5]") double[] scales,
                   @Default("relu") String activation) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Network n && Arrays.equals(sizes, n.sizes)
                    && Arrays.equals(scales, n.scales) && activation.equals(n.activation);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(sizes) + Arrays.hashCode(scales) + activation.hashCode();
        }

        @Override
        public String toString() {
            return "Network" + Arrays.toString(sizes) + Arrays.toString(scales) + activation;
        }
    }

    /** A SAC-like algorithm: two optimizers, a network, scalars of every kind, and a code-supplied env. */
    @Configurable
    record Sac(FakeEnv env,
               Optimizer actorOptimizer,
               @Default("{ class = Adam, scope = critic }") Optimizer criticOptimizer,
               @Default("{ class = Network }") Network actorNetwork,
               @Default("0.99") double gamma,
               @Param("tau") @Default("0.005") float targetUpdateTau,
               @Default("[256, 256]") List<Integer> hiddenSizes,
               @Default("stochastic") Mode mode,
               @Default("1s") Duration evalInterval,
               @Default("1000") long numSteps,
               @Default("0") int seed,
               @Default("null") String runName) {
    }

    /** A plain class whose bound constructor is chosen by annotating it; the other is ignored. */
    static final class Trainer {
        final int batchSize;
        final List<Optimizer> optimizers;

        @Configurable
        public Trainer(@Param("batch") int batchSize, @Default("[]") List<Optimizer> optimizers) {
            this.batchSize = batchSize;
            this.optimizers = optimizers;
        }

        public Trainer() {
            this(1, List.of());
        }
    }

    /** Rejects a non-positive size in its constructor. */
    @Configurable
    record Buffer(int capacity) {
        Buffer {
            if (capacity <= 0) {
                throw new IllegalArgumentException("capacity must be positive, got " + capacity);
            }
        }
    }

    /**
     * Like discrete-action SAC: with {@code discrete} it builds no actor, so it reports its actor
     * parameters as ignored; with both its own optimizers set, the default optimizer is ignored too.
     */
    @Configurable
    record Agent(@Default("false") boolean discrete,
                 @Default("[8]") List<Integer> actorSizes,
                 @Default("null") Optimizer actorOptimizer,
                 @Default("null") Optimizer criticOptimizer,
                 @Default("{ class = AdamTF }") Optimizer optimizer) implements IgnoredParameters {

        @Override
        public Map<String, String> ignoredParameters() {
            Map<String, String> ignored = new LinkedHashMap<>();
            if (discrete) {
                ignored.put("actorSizes", "no actor");
                ignored.put("actorOptimizer", "no actor");
            }
            if ((discrete || actorOptimizer != null) && criticOptimizer != null) {
                ignored.put("optimizer", "every part has its own");
            }
            return ignored;
        }
    }

    /** Every fixture, registered. */
    static ConfigRegistry registry() {
        return ConfigRegistry.of(Adam.class, AdamTF.class, Network.class, Sac.class, Trainer.class, Buffer.class,
                Agent.class);
    }
}
