package alf.experiments;

import alf.algorithms.sac.SacAlgorithm;
import alf.config.ConfigRegistry;
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
import alf.trainers.TrainerConfig;

/** Every class an experiment file may name (registration is explicit: see {@link ConfigRegistry}). */
public final class Registry {
    private Registry() {
    }

    /** The registry of the {@code alf} command line. */
    public static ConfigRegistry create() {
        return ConfigRegistry.of(TrainerConfig.class, EnvironmentConfig.class, SacAlgorithm.class,
                Adam.class, AdamW.class, AdamTF.class, Sgd.class,
                ConstantSchedule.class, LinearSchedule.class, ExponentialSchedule.class, StepSchedule.class,
                GlobalNormClipping.class, ValueClipping.class);
    }
}
