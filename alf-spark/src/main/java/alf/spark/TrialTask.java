package alf.spark;

import alf.experiments.sweep.Combination;
import alf.experiments.sweep.Trial;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Trial} as it travels to a Spark executor: everything that builds it, with the text of its config files
 * (an executor may run on a machine without them), and its run directory relative to the output location.
 *
 * @param label        the combination's label
 * @param dirName      the combination's directory name
 * @param comboParams  the combination's overrides
 * @param seed         the trial's seed
 * @param sharedParams the overrides every trial of the sweep applies
 * @param configNames  the config files' names
 * @param configTexts  the config files' contents, in the same order
 * @param relativeDir  the run directory relative to the output location, with {@code /} separators
 */
record TrialTask(String label, String dirName, List<String> comboParams, long seed, List<String> sharedParams,
        List<String> configNames, List<String> configTexts, String relativeDir) implements Serializable {

    private static final long serialVersionUID = 1L;

    TrialTask {
        comboParams = new ArrayList<>(comboParams);
        sharedParams = new ArrayList<>(sharedParams);
        configNames = new ArrayList<>(configNames);
        configTexts = new ArrayList<>(configTexts);
    }

    /** The task of {@code trial}, whose run directory lies under {@code mirror}. */
    static TrialTask of(Trial trial, Path mirror) {
        List<String> names = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Path f : trial.configFiles()) {
            names.add(f.getFileName().toString());
            try {
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read config file " + f + " of trial '" + trial.name() + "'", e);
            }
        }
        Path relative = mirror.toAbsolutePath().normalize().relativize(trial.runDir().toAbsolutePath().normalize());
        if (relative.startsWith("..")) {
            throw new IllegalArgumentException("trial '" + trial.name() + "' runs in " + trial.runDir()
                    + ", outside the output directory " + mirror);
        }
        Combination c = trial.combination();
        return new TrialTask(c.label(), c.dirName(), c.params(), trial.seed(), trial.sharedParams(), names, texts,
                relative.toString().replace('\\', '/'));
    }

    /** The trial's name for messages (as {@link Trial#name()}). */
    String name() {
        return label + " / seed " + seed;
    }

    /**
     * The trial rebuilt on this machine: config files written into {@code configDir} (numbered, so that equal names
     * do not collide), its run directory {@code runDir}.
     */
    Trial materialize(Path configDir, Path runDir) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(configDir);
            for (int i = 0; i < configNames.size(); i++) {
                Path f = configDir.resolve(i + "-" + configNames.get(i));
                Files.writeString(f, configTexts.get(i), StandardCharsets.UTF_8);
                files.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the config files of trial '" + name() + "' to " + configDir,
                    e);
        }
        return new Trial(new Combination(label, dirName, comboParams), seed, runDir, files, sharedParams);
    }
}
