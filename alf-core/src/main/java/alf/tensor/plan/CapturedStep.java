package alf.tensor.plan;

import alf.tensor.KernelTap;
import alf.tensor.Tensor;
import java.util.function.Function;

/**
 * Runs a step eagerly or from a captured {@link Plan}, with results bit-identical either way.
 *
 * <p>Call order after construction or {@link #invalidate()}: the first call runs eagerly (state made lazily on a
 * first step, such as optimizer moments, exists afterwards); the second and third run eagerly while their kernel
 * calls are recorded; if the two recordings are the same static program ({@link Recording#checkSameAs}) the third
 * becomes the plan and later calls replay it. If they differ, the step stays eager and {@link #eagerReason()} says
 * which kernel call differed. New input shapes or dtypes invalidate the plan and start over.
 *
 * <p>The step function must act only through tensor ops: it receives the step's input buffers and returns tensors (or
 * an object holding them) over which the caller reads its results after each call; those objects are reused by
 * replay, so do not keep them past the next call. Java-side effects inside the step (counters, {@code item()} reads
 * turned into metrics) happen during eager and capture calls only: do them outside the step. Values computed in Java
 * from tensor data and fed back into ops are detected by the two-capture check and keep the step eager.
 *
 * @param <T> the step's result
 */
public final class CapturedStep<T> {
    /** Where a captured step stands. */
    public enum Phase {
        /** Runs eagerly next (first call, or after invalidation). */
        WARMUP,
        /** The next call is recorded as the first capture. */
        FIRST_CAPTURE,
        /** The next call is recorded and compared with the first capture. */
        SECOND_CAPTURE,
        /** Calls replay the plan. */
        REPLAYING,
        /** The step could not be captured (see {@link #eagerReason()}) or capture is off: calls run eagerly. */
        EAGER
    }

    private static final Tensor[] NO_INPUTS = new Tensor[0];

    private final String name;
    /** The array {@link #run(Tensor)} passes its input in. */
    private final Tensor[] oneInput = new Tensor[1];
    private final Function<Tensor[], T> step;
    private final Runnable beforeReplay;
    private boolean enabled = true;
    /** Lanes asked for by {@link #setReplayLanes}; 0 chooses from the backends. */
    private int replayLanes;
    private Phase phase = Phase.WARMUP;
    private Tensor[] buffers;
    private Recording firstCapture;
    private Plan<T> plan;
    private String eagerReason;

    /**
     * @param name what the step is, for messages (e.g. {@code SacAlgorithm update})
     * @param step the step: inputs in, results out, acting only through tensor ops
     */
    public CapturedStep(String name, Function<Tensor[], T> step) {
        this(name, step, null);
    }

    /**
     * @param name         what the step is, for messages
     * @param step         the step: inputs in, results out, acting only through tensor ops (and host work that
     *                     {@code beforeReplay} repeats)
     * @param beforeReplay host work the step does that replay must repeat, run before each replay: it may set what
     *                     {@link Tensor#hostScalar} suppliers read (counters, rates) but must not depend on the
     *                     step's tensor results (e.g. an optimizer's {@code prepareStep}); null for none
     */
    public CapturedStep(String name, Function<Tensor[], T> step, Runnable beforeReplay) {
        this.name = name;
        this.step = step;
        this.beforeReplay = beforeReplay;
    }

    /** Turns capture on (the default) or off; off runs every call eagerly. Either way the plan is dropped. */
    public CapturedStep<T> setEnabled(boolean enabled) {
        this.enabled = enabled;
        invalidate();
        return this;
    }

    /**
     * How many threads replay deals independent calls out to: 0 (the default) chooses from the backends
     * ({@code min(2, maxThreads)} for backends that allow concurrent calls, else 1) and keeps one lane for plans too
     * small to gain from a second, 1 replays in order on the calling thread, 2 forces two lanes. Results are bit-identical whatever the choice. Drops the plan.
     */
    public CapturedStep<T> setReplayLanes(int lanes) {
        if (lanes < 0 || lanes > ReplayLanes.MAX_LANES) {
            throw new IllegalArgumentException("CapturedStep '" + name + "': replay lanes must lie in [0, "
                    + ReplayLanes.MAX_LANES + "], got " + lanes);
        }
        this.replayLanes = lanes;
        invalidate();
        return this;
    }

    /** Drops the plan: call it when the set of parameters, their shapes or dtypes change. */
    public void invalidate() {
        phase = enabled ? Phase.WARMUP : Phase.EAGER;
        buffers = null;
        firstCapture = null;
        plan = null;
        eagerReason = enabled ? null : "capture is off";
    }

    /** Where the step stands. */
    public Phase phase() {
        return phase;
    }

    /** Why the step runs eagerly ({@link Phase#EAGER}), else null. */
    public String eagerReason() {
        return eagerReason;
    }

    /** The plan being replayed, or null. */
    public Plan<T> plan() {
        return plan;
    }

    /** Runs a step without inputs (such as a target-network update), with no varargs array per call. */
    public T run() {
        return run(NO_INPUTS);
    }

    /**
     * Runs the step on one input (such as a policy's observation), passing it in an array this step keeps, so that a
     * call allocates nothing (the array is cleared afterwards; a step is driven by one thread at a time).
     */
    public T run(Tensor input) {
        oneInput[0] = input;
        try {
            return run(oneInput);
        } finally {
            oneInput[0] = null;
        }
    }

    /** Runs the step on {@code inputs} (copied into the step's buffers unless it runs eagerly). */
    public T run(Tensor... inputs) {
        if (phase == Phase.EAGER) {
            return step.apply(inputs);
        }
        if (!Plan.sameSignature(buffers, inputs)) {
            invalidate();
            buffers = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                buffers[i] = Tensor.zerosLike(inputs[i]);
            }
        }
        if (phase == Phase.REPLAYING) {
            if (beforeReplay != null) {
                beforeReplay.run();
            }
            return plan.replay(inputs);
        }
        for (int i = 0; i < inputs.length; i++) {
            Plan.copyInto(inputs[i], buffers[i]);
        }
        switch (phase) {
            case WARMUP -> {
                phase = Phase.FIRST_CAPTURE;
                return step.apply(buffers.clone());
            }
            case FIRST_CAPTURE -> {
                Recording recording = new Recording();
                T result = captured(recording);
                firstCapture = recording;
                phase = Phase.SECOND_CAPTURE;
                return result;
            }
            default -> {
                Recording recording = new Recording();
                T result = captured(recording);
                try {
                    firstCapture.checkSameAs(recording, name, beforeReplay != null);
                    int lanes = replayLanes > 0 ? replayLanes : ReplayLanes.lanesFor(recording.backends());
                    plan = new Plan<>(name, buffers, recording.calls(), result, lanes, replayLanes > 0);
                    phase = Phase.REPLAYING;
                } catch (PlanMismatchException e) {
                    eagerReason = e.getMessage();
                    phase = Phase.EAGER;
                }
                firstCapture = null;
                return result;
            }
        }
    }

    private T captured(Recording recording) {
        try (KernelTap.Installed tap = KernelTap.install(recording)) {
            return step.apply(buffers.clone());
        }
    }
}
