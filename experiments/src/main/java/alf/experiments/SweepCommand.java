package alf.experiments;

import alf.experiments.sweep.SweepSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code alf sweep}: every combination of a grid of config values (and named variants) over several seeds. */
@Command(name = "sweep", description = "Run every combination of a Sweep { base, grid, variants, seeds } file over "
        + "its seeds (in parallel, skipping finished trials, resuming interrupted ones) and write the table, plot "
        + "and index.html.")
final class SweepCommand implements Callable<Integer> {

    @Mixin
    private SweepOptions options;

    @Override
    public Integer call() {
        return SweepLauncher.run(options, SweepSpec.SWEEP_BLOCK, "sweep");
    }
}
