package alf.experiments;

import alf.algorithms.sac.SacAlgorithm;
import alf.config.ConfigRegistry;
import alf.config.ConfigSlot;
import alf.environments.tasks.RegisteredEnvironment;
import alf.environments.wrappers.ActionRescaling;
import alf.environments.wrappers.ObservationNormalization;
import alf.environments.wrappers.RewardScaling;
import alf.optimizers.Adam;
import alf.optimizers.AdamTF;
import alf.optimizers.AdamW;
import alf.optimizers.ConstantSchedule;
import alf.optimizers.ExponentialSchedule;
import alf.optimizers.GlobalNormClipping;
import alf.optimizers.LinearSchedule;
import alf.optimizers.Sgd;
import alf.optimizers.StepSchedule;
import alf.optimizers.ValueClipping;
import alf.rl.Environment;
import alf.rl.RLAlgorithm;
import alf.trainers.TrainerConfig;
import java.util.Map;

/**
 * Every class an experiment file may name by its short name (registration is explicit: see {@link ConfigRegistry};
 * other {@code @Configurable} classes on the class path are named by their fully qualified names), and the two slots
 * {@code algorithm} (an {@link RLAlgorithm}, {@code SacAlgorithm} when unset) and {@code environment} (an
 * {@link Environment}, the registered-task {@code Environment} when unset, with its {@code wrappers} list).
 */
public final class Registry {
    /** The slot key of the algorithm. */
    public static final String ALGORITHM = "algorithm";
    /** The slot key of the environment. */
    public static final String ENVIRONMENT = "environment";
    /** The list of wrappers inside the environment slot, innermost first. */
    public static final String WRAPPERS = "wrappers";

    private Registry() {
    }

    /** The registry of the {@code alf} command line. */
    public static ConfigRegistry create() {
        return ConfigRegistry.of(TrainerConfig.class, RegisteredEnvironment.class, SacAlgorithm.class,
                        ActionRescaling.class, ObservationNormalization.class, RewardScaling.class,
                        Adam.class, AdamW.class, AdamTF.class, Sgd.class,
                        ConstantSchedule.class, LinearSchedule.class, ExponentialSchedule.class, StepSchedule.class,
                        GlobalNormClipping.class, ValueClipping.class)
                .withSlot(new ConfigSlot(ALGORITHM, RLAlgorithm.class, "SacAlgorithm", Map.of()))
                .withSlot(new ConfigSlot(ENVIRONMENT, Environment.class, "Environment",
                        Map.of(WRAPPERS, Environment.class)));
    }
}
