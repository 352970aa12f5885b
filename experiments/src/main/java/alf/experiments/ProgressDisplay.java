package alf.experiments;

import alf.trainers.ProgressListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar for training: steps done, steps/s, ETA and the latest greedy evaluation return. */
final class ProgressDisplay implements ProgressListener, AutoCloseable {
    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar over {@code totalSteps}, or a silent listener when {@code quiet}. */
    static ProgressDisplay create(long totalSteps, boolean quiet) {
        if (quiet) {
            return new ProgressDisplay(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).showSpeed().setUpdateIntervalMillis(500)
                .continuousUpdate().build();
        return new ProgressDisplay(bar);
    }

    @Override
    public void onProgress(long envSteps, long totalSteps, double lastEvalReturn) {
        if (bar == null) {
            return;
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
