package alf.experiments;

import alf.io.Checkpointer;
import java.io.IOException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code alf} command line: train, resume, evaluate, plot and compare experiments.
 *
 * <pre>
 *   alf train --conf configs/sac_pendulum.conf [--param Key=Value ...] [--run-dir DIR] [--seed N]
 *   alf train --resume DIR
 *   alf eval DIR [--episodes N]
 *   alf plot DIR... [--out FILE]
 *   alf compare --conf configs/compare_adam_vs_adamtf.conf [--seeds N] [--parallel P] [--out DIR] [--param K=V]
 *   alf sweep --conf configs/sweep_example.conf [--seeds N] [--parallel P] [--out DIR] [--param K=V]
 *   alf playground [--out DIR] [--steps N]
 * </pre>
 */
@Command(name = "alf", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        // the checkpoint format says which runs this build can resume (0.1.0 releases wrote format 1)
        version = "ALF for Java 0.1.0-SNAPSHOT (checkpoint format " + Checkpointer.FORMAT + ")",
        description = "Agent Learning Framework for Java: config-driven, reproducible reinforcement learning.",
        subcommands = {TrainCommand.class, EvalCommand.class, PlotCommand.class, CompareCommand.class,
            SweepCommand.class, PlaygroundCommand.class, CommandLine.HelpCommand.class})
public final class Alf implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a command (train, eval, plot, compare, sweep, playground)");
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (Arrays.asList(args).contains("--quiet") && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            // before the first logger exists: slf4j-simple reads its level once
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
        System.exit(execute(args));
    }

    /** slf4j-simple's default level; {@code --quiet} sets it to {@code warn} unless the user set it. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    /**
     * The message of {@code error} followed by each I/O cause's message that it does not already contain, so
     * that a wrapped OS error ("No space left on device") is never dropped.
     */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof IOException && message != null && !text.toString().contains(message)) {
                text.append(": ").append(message);
            }
        }
        return text.toString();
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Alf());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("alf: " + describe(ex));
            return 1;
        });
        return cli.execute(args);
    }
}
