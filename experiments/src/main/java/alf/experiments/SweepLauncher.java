package alf.experiments;

import alf.experiments.sweep.ClusterTrialRunner;
import alf.experiments.sweep.ClusterTrialRunnerProvider;
import alf.experiments.sweep.ClusterTrialRunners;
import alf.experiments.sweep.CombinationResult;
import alf.experiments.sweep.SweepReport;
import alf.experiments.sweep.SweepRunner;
import alf.experiments.sweep.SweepSpec;
import alf.experiments.sweep.SweepStop;
import alf.experiments.sweep.Trial;
import alf.experiments.sweep.TrialRunner;
import alf.experiments.sweep.TrialStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one runner behind {@code alf sweep} and {@code alf compare}: reads the sweep file, runs every unfinished
 * trial (on this JVM's thread pool, or with {@code --master} on a cluster through a {@link ClusterTrialRunner}),
 * then aggregates all trials into the report. On this JVM's pool, Ctrl-C or {@code kill} stops the trials in progress
 * with a checkpoint each ({@link SweepStop}) and exits with status 130 (143 for SIGTERM) without a report.
 */
final class SweepLauncher {
    private SweepLauncher() {
    }

    /** Runs the sweep of {@code options} read from block {@code block}; returns the exit status. */
    static int run(SweepOptions options, String block, String commandName) {
        CommandLineChecks.requireNamedPath("--out", options.out);
        SweepSpec spec = SweepSpec.read(options.conf, block);
        if (options.seeds != null) {
            spec = spec.withSeedCount(options.seeds);
        }
        if (!options.params.isEmpty()) {
            spec = spec.withExtraParams(options.params);
        }
        int parallel = options.parallel != null ? options.parallel : SweepRunner.defaultParallelism();
        String name = options.conf.getFileName().toString().replaceFirst("\\.conf$", "");
        String output = options.out != null ? options.out : Path.of("runs", name).toString();
        Path out = OutputLocation.localMirror(output, options.master != null);
        List<Trial> trials = spec.trials(out);
        long total = 0;
        for (Trial t : trials) {
            // build every trial once before any trains, so a bad or never-used key fails now, not minutes later
            try (Experiment check = Experiment.assemble(t.configFiles(), t.params(), t.runDir())) {
                total += check.trainerConfig().numEnvSteps();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("trial '" + t.name() + "' of " + options.conf + ": "
                        + e.getMessage(), e);
            }
        }
        Consumer<String> log = options.quiet ? line -> { } : System.err::println;
        if (options.master == null) {
            if (!options.quiet) {
                System.err.printf("%s: %d combination(s) x %d seed(s) = %d trial(s), %d at once, into %s%n",
                        commandName, spec.combinations().size(), spec.seeds().size(), trials.size(),
                        Math.min(parallel, trials.size()), out.toAbsolutePath());
            }
            SweepStop stop = new SweepStop();
            try (StopOnSignal signal = StopOnSignal.install(stop::request)) {
                if (!runAndReport(new SweepRunner(parallel, log, stop), spec, trials, total, name, commandName,
                        options, out, stop)) {
                    System.err.println(commandName + " stopped: the trials in progress were checkpointed at the step "
                            + "they reached; run the same command again to continue (finished trials are skipped, "
                            + "stopped ones resume)");
                    return TrainCommand.STOPPED;
                }
            }
            System.out.println(out.resolve(SweepReport.INDEX_HTML).toAbsolutePath());
            return 0;
        }
        ClusterTrialRunnerProvider provider = ClusterTrialRunners.provider();
        if (!options.quiet) {
            System.err.printf("%s: %d combination(s) x %d seed(s) = %d trial(s) on %s master %s, into %s%n",
                    commandName, spec.combinations().size(), spec.seeds().size(), trials.size(), provider.name(),
                    options.master, output);
        }
        try (ClusterTrialRunner runner = provider.open(options.master, output, out, log)) {
            runAndReport(runner, spec, trials, total, name, commandName, options, out, new SweepStop());
            runner.publish(SweepReport.files());
        }
        if (!OutputLocation.isLocal(output) && !options.quiet) {
            System.err.println("report published to " + output + "; local copy with the trials' metrics in " + out);
        }
        System.out.println(OutputLocation.isLocal(output) ? out.resolve(SweepReport.INDEX_HTML).toAbsolutePath()
                : output.replaceFirst("/+$", "") + "/" + SweepReport.INDEX_HTML);
        return 0;
    }

    /**
     * Runs the trials with {@code runner}, then aggregates them and writes the report into {@code out}; returns false
     * without a report when {@code stop} was requested while they ran.
     */
    private static boolean runAndReport(TrialRunner runner, SweepSpec spec, List<Trial> trials, long total,
            String name, String commandName, SweepOptions options, Path out, SweepStop stop) {
        Map<Trial, TrialStatus> statuses;
        try (ProgressDisplay progress = ProgressDisplay.create(options.quiet)) {
            statuses = runner.run(trials, total, progress);
        }
        if (stop.requested()) {
            return false;
        }
        List<CombinationResult> results = SweepReport.aggregate(spec, out);
        String title = name + " (" + spec.seeds().size() + (spec.seeds().size() == 1 ? " seed)" : " seeds)");
        SweepReport.write(spec, results, title, commandLine(commandName, options), out);
        long skipped = statuses.values().stream().filter(s -> s == TrialStatus.FINISHED).count();
        if (!options.quiet) {
            System.err.printf("%d trial(s) run, %d already finished%n", trials.size() - skipped, skipped);
        }
        return true;
    }

    private static String commandLine(String commandName, SweepOptions o) {
        List<String> parts = new ArrayList<>(List.of("alf", commandName, "--conf", o.conf.toString()));
        if (o.seeds != null) {
            parts.add("--seeds");
            parts.add(o.seeds.toString());
        }
        for (String p : o.params) {
            parts.add("--param");
            parts.add("'" + p + "'");
        }
        return String.join(" ", parts);
    }
}
