package alf.experiments;

import alf.trainers.ProgressListener;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar for training: steps done, steps/s, ETA and the latest greedy evaluation return. */
final class ProgressDisplay implements ProgressListener, AutoCloseable {
    private final boolean quiet;
    private ProgressBar bar;

    private ProgressDisplay(boolean quiet) {
        this.quiet = quiet;
    }

    /**
     * A bar over the run's steps, or a silent listener when {@code quiet}. The bar starts at the first reported step,
     * so a resumed run's speed and ETA count only this session's steps.
     */
    static ProgressDisplay create(boolean quiet) {
        return new ProgressDisplay(quiet);
    }

    @Override
    public void onProgress(long envSteps, long totalSteps, double lastEvalReturn) {
        if (quiet) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).showSpeed().setUpdateIntervalMillis(500)
                    .continuousUpdate().startsFrom(envSteps, Duration.ZERO).build();
        }
        bar.stepTo(envSteps);
        if (!Double.isNaN(lastEvalReturn)) {
            bar.setExtraMessage(String.format(" eval %.1f", lastEvalReturn));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
