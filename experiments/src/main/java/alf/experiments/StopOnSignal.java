package alf.experiments;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns the JVM's shutdown (Ctrl-C, {@code kill}) into a graceful stop of a training run: a shutdown hook asks the
 * trainer to stop at the end of its current iteration and then holds the JVM open until the command has written the
 * checkpoint and said how to resume ({@link #close}), or until {@link #GRACE_SECONDS} have passed. Without it the JVM
 * would halt at once and the steps since the last periodic checkpoint would be lost.
 *
 * <p>Call order: {@link #install} before training; {@link #close} last (in a try-with-resources), after anything the
 * command must still print: once closed, a waiting hook lets the JVM halt.
 */
final class StopOnSignal implements AutoCloseable {
    /** How long a shutdown waits for the checkpoint (an iteration, or an evaluation in progress, must end first). */
    static final long GRACE_SECONDS = 300;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private StopOnSignal(Runnable requestStop) {
        hook = new Thread(() -> {
            requestStop.run();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "alf-graceful-stop");
    }

    /** Registers the hook; {@code requestStop} runs on the hook's thread when the JVM begins to shut down. */
    static StopOnSignal install(Runnable requestStop) {
        StopOnSignal stop = new StopOnSignal(requestStop);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Lets a waiting shutdown proceed, or unregisters the hook when none began. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (or has run): the latch above releases it
        }
    }
}
