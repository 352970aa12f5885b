package alf.experiments;

import alf.experiments.sweep.SweepSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code alf compare}: named variants of one experiment side by side over several seeds (a sweep over variants). */
@Command(name = "compare", description = "Run the variants of a Comparison { base, variants, seeds } file over its "
        + "seeds (in parallel, skipping finished trials, resuming interrupted ones) and write the table, plot and "
        + "index.html.")
final class CompareCommand implements Callable<Integer> {

    @Mixin
    private SweepOptions options;

    @Override
    public Integer call() {
        return SweepLauncher.run(options, SweepSpec.COMPARISON_BLOCK, "compare");
    }
}
