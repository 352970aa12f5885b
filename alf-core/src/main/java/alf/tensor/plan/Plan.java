package alf.tensor.plan;

import alf.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A captured step as a static program: the kernel calls of one eager execution, in order, over the fixed tensors they
 * used (input buffers, parameters, optimizer state, every intermediate), and the step's result over those tensors.
 * {@link #replay} copies new inputs into the input buffers and runs the calls again: no graph building, no autograd
 * bookkeeping, no tensor allocation, and the same floating-point operations on the same values as eager execution, so
 * the results are bit-identical. Independent calls may run on several threads at once ({@link LaneSchedule}); calls
 * that touch the same storage keep their order. Random draws are drawn again from the generator the step used, into the same buffer.
 *
 * @param <T> what the step returns (tensors over the plan's buffers; read host values from them after each replay)
 */
public final class Plan<T> {
    private final String name;
    private final Tensor[] inputBuffers;
    private final KernelCall[] calls;
    private final T result;
    private final LaneSchedule lanes;

    /**
     * @param lanes  threads to deal independent calls out to (1: in order on the caller)
     * @param forced use exactly {@code lanes}; else fewer when more would not pay ({@link LaneSchedule#upTo})
     */
    Plan(String name, Tensor[] inputBuffers, List<KernelCall> calls, T result, int lanes, boolean forced) {
        this.name = name;
        this.inputBuffers = inputBuffers.clone();
        this.calls = calls.toArray(new KernelCall[0]);
        this.result = result;
        this.lanes = forced ? LaneSchedule.of(this.calls, lanes) : LaneSchedule.upTo(this.calls, lanes);
    }

    /** The step's name (in messages). */
    public String name() {
        return name;
    }

    /** Number of recorded kernel calls and random draws. */
    public int size() {
        return calls.length;
    }

    /** The recorded calls, in program order (for the schedule's tests). */
    KernelCall[] calls() {
        return calls.clone();
    }

    /** Number of threads replay deals the calls out to (see {@link CapturedStep#setReplayLanes}). */
    public int lanes() {
        return lanes.lanes();
    }

    /** How many recorded calls each kernel has, by name (e.g. {@code adamStep PYTORCH}, {@code matmul}), sorted. */
    public Map<String, Integer> callCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (KernelCall call : calls) {
            counts.merge(call.name(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Replays the plan {@code replays} times in program order on the calling thread, timing each call; returns the
     * nanoseconds per replay spent in each kind of call, keyed by the kernel's name, the shapes it reads (a
     * non-contiguous one marked {@code T}; a group's optimizer step names its parameters and elements instead) and how
     * many such calls one replay makes, e.g.
     * {@code "matmul [1, 256, 256] [1, 256, 256]T x8"}. A diagnostic of where a step spends its time, without the
     * lanes' overlap. Each replay is a real step on the inputs last copied in: its effects (parameter updates, random
     * draws) happen {@code replays} times.
     */
    public Map<String, Double> profile(int replays) {
        String[] keys = new String[calls.length];
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < calls.length; i++) {
            StringBuilder key = new StringBuilder(calls[i].name());
            long[] group = calls[i].groupSize();
            if (group != null) {
                key.append(' ').append(group[0]).append(" parameters ").append(group[1]).append(" elements");
            } else {
                for (Tensor t : calls[i].reads()) {
                    key.append(' ').append(Arrays.toString(t.shape())).append(t.isContiguous() ? "" : "T");
                }
            }
            keys[i] = key.toString();
            counts.merge(keys[i], 1, Integer::sum);
        }
        long[] nanos = new long[calls.length];
        for (int r = 0; r < replays; r++) {
            for (int i = 0; i < calls.length; i++) {
                long start = System.nanoTime();
                calls[i].run();
                nanos[i] += System.nanoTime() - start;
            }
        }
        Map<String, Double> perReplay = new TreeMap<>();
        for (int i = 0; i < calls.length; i++) {
            perReplay.merge(keys[i] + " x" + counts.get(keys[i]), nanos[i] / (double) Math.max(1, replays),
                    Double::sum);
        }
        return perReplay;
    }

    /**
     * Replays the plan {@code replays} times as {@link #replay} runs it (on its lanes), timing each lane's own calls
     * and the shares of other lanes' products it runs while waiting: a diagnostic of how well the lanes overlap. Each
     * replay is a real step on the inputs last copied in, as with {@link #profile}.
     *
     * @throws IllegalStateException when the replays could not use the lanes (one lane, or another replay holds them)
     */
    public LaneProfile profileLanes(int replays) {
        int n = lanes.lanes();
        long[] times = new long[2 * n];
        long start = System.nanoTime();
        for (int r = 0; r < replays; r++) {
            if (!ReplayLanes.run(calls, lanes, times)) {
                throw new IllegalStateException("Plan '" + name + "': the replay ran in order on one thread ("
                        + n + " lane(s) scheduled, or another replay held the lanes); nothing to profile");
            }
        }
        double wall = (System.nanoTime() - start) / (double) Math.max(1, replays);
        double[] call = new double[n];
        double[] help = new double[n];
        for (int l = 0; l < n; l++) {
            call[l] = times[2 * l] / (double) Math.max(1, replays);
            help[l] = times[2 * l + 1] / (double) Math.max(1, replays);
        }
        return new LaneProfile(wall, call, help);
    }

    /** True when {@code inputs} have the shapes and dtypes the plan was captured with. */
    public boolean accepts(Tensor[] inputs) {
        return sameSignature(inputBuffers, inputs);
    }

    static boolean sameSignature(Tensor[] buffers, Tensor[] inputs) {
        if (buffers == null || buffers.length != inputs.length) {
            return false;
        }
        for (int i = 0; i < inputs.length; i++) {
            if (buffers[i].dtype() != inputs[i].dtype() || !buffers[i].sameShape(inputs[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies {@code inputs} into the input buffers and runs every recorded call; returns the step's result, whose
     * tensors now hold this step's values.
     *
     * @throws IllegalArgumentException when the inputs' shapes or dtypes differ from the captured ones
     */
    public T replay(Tensor... inputs) {
        if (!accepts(inputs)) {
            throw new IllegalArgumentException("Plan '" + name + "': captured for inputs " + signature(inputBuffers)
                    + ", got " + signature(inputs) + "; capture again");
        }
        for (int i = 0; i < inputs.length; i++) {
            copyInto(inputs[i], inputBuffers[i]);
        }
        ReplayLanes.run(calls, lanes);
        return result;
    }

    /** Copies {@code input} into {@code buffer} with the buffer's backend, outside autograd. */
    static void copyInto(Tensor input, Tensor buffer) {
        buffer.backend().copy(input, buffer);
        buffer.bumpVersion();
    }

    static String signature(Tensor[] tensors) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < tensors.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(tensors[i].dtype()).append(Arrays.toString(tensors[i].shape()));
        }
        return sb.append(')').toString();
    }
}
