package alf.experiments.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One training run of a sweep: a combination with one seed, in its own run directory
 * ({@code OUT/<combination>/seed-<seed>}).
 *
 * @param combination  the settings it shares with the other seeds
 * @param seed         the run's seed ({@code TrainerConfig.seed})
 * @param runDir       where its operative config, metrics and checkpoints go
 * @param configFiles  the experiment files it is built from
 * @param sharedParams the overrides every trial of the sweep applies before the combination's
 */
public record Trial(Combination combination, long seed, Path runDir, List<Path> configFiles,
        List<String> sharedParams) {

    public Trial {
        configFiles = List.copyOf(configFiles);
        sharedParams = List.copyOf(sharedParams);
    }

    /** All overrides in the order they apply: shared, the combination's, then the seed. */
    public List<String> params() {
        List<String> all = new ArrayList<>(sharedParams);
        all.addAll(combination.params());
        all.add("TrainerConfig.seed=" + seed);
        return all;
    }

    /** A short name for messages: {@code <combination>/seed-<seed>}. */
    public String name() {
        return combination.label() + " / seed " + seed;
    }
}
