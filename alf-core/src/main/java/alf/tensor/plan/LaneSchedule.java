package alf.tensor.plan;

import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plan's calls dealt out to a few threads ("lanes") so that independent work (the two critics, the actor, the
 * per-parameter optimizer steps) runs at the same time, with the very same calls computing the very same values.
 *
 * <p><b>Dependencies.</b> Two calls conflict when they touch the same storage and at least one writes it (read after
 * write, write after read, write after write), or draw from the same generator. Program order is a topological
 * order of these conflicts, so each lane runs its calls in program order, and a call first waits until every other
 * lane has finished the calls it conflicts with: lane {@code l}'s progress counter must reach
 * {@link #waitFor}{@code (call, l)}. Conflicts are decided per storage, not per element, which is conservative
 * (views of one storage are ordered even when they do not overlap) and never reorders a conflicting pair, so the
 * result is that of in-order execution bit for bit.
 *
 * <p><b>Assignment.</b> A list scheduler (earliest finish time, in program order) over a rough cost model: a fixed
 * cost per call plus {@link #MAC_COST} units per multiply-add of a product and one per element of the other kernels
 * (of every parameter, for a group's optimizer step); moving to the other lane than a dependency's costs a
 * synchronisation; a schedule that would save less than waking the other lanes costs ({@link #WAKE_COST}) falls back
 * to one lane. The model only affects speed, never results. Dealing calls out by upward rank (HEFT's priority, longest
 * chain of dependants first) instead was tried: the model's makespan for the SAC update fell by 7 %, but the update
 * measured 4–15 % slower in four alternated rounds, so program order stays.
 */
final class LaneSchedule {
    /** Fixed cost of a kernel call, in cost units (about a nanosecond of elementwise work per unit). */
    static final double CALL_COST = 400;
    /** Cost of waiting on another lane's progress (a cache-line transfer and a spin). */
    static final double SYNC_COST = 300;
    /** Cost units per multiply-add of a matrix product, relative to one element of an elementwise kernel. */
    static final double MAC_COST = 0.05;
    /**
     * What starting the other lanes costs per replay (waking a parked thread, and joining it): a plan whose schedule
     * saves less than this over in-order execution (e.g. a rollout step on one observation) keeps one lane.
     */
    static final double WAKE_COST = 40_000;

    private final int lanes;
    /** For each lane, the calls it runs, in program order. */
    private final int[][] order;
    /** For each call, the progress each lane must have reached before it starts (its own lane's entry is 0). */
    private final int[][] waits;

    private LaneSchedule(int lanes, int[][] order, int[][] waits) {
        this.lanes = lanes;
        this.order = order;
        this.waits = waits;
    }

    /** Number of lanes. */
    int lanes() {
        return lanes;
    }

    /** The calls lane {@code lane} runs, in order (indices into the plan's calls). */
    int[] order(int lane) {
        return order[lane];
    }

    /** How many of its calls lane {@code lane} must have finished before {@code call} may start. */
    int waitFor(int call, int lane) {
        return waits[call][lane];
    }

    /** Schedules {@code calls} on exactly {@code lanes} lanes (at least 1). */
    static LaneSchedule of(KernelCall[] calls, int lanes) {
        return of(calls, lanes, true);
    }

    /**
     * Schedules {@code calls} on up to {@code lanes} lanes: one when the schedule would save less than
     * {@link #WAKE_COST}.
     */
    static LaneSchedule upTo(KernelCall[] calls, int lanes) {
        return of(calls, lanes, false);
    }

    private static LaneSchedule of(KernelCall[] calls, int lanes, boolean forced) {
        if (lanes < 1) {
            throw new IllegalArgumentException("LaneSchedule: lanes must be >= 1, got " + lanes);
        }
        int n = calls.length;
        int[][] deps = dependencies(calls);
        int[] laneOf = new int[n];
        int[] position = new int[n];
        double[] finish = new double[n];
        double[] laneFree = new double[lanes];
        int[] laneSize = new int[lanes];
        double inOrder = 0;
        for (int i = 0; i < n; i++) {
            double cost = cost(calls[i]);
            inOrder += cost;
            int best = 0;
            double bestFinish = Double.POSITIVE_INFINITY;
            for (int l = 0; l < lanes; l++) {
                double start = laneFree[l];
                for (int d : deps[i]) {
                    start = Math.max(start, finish[d] + (laneOf[d] == l ? 0 : SYNC_COST));
                }
                if (start + cost < bestFinish) {
                    bestFinish = start + cost;
                    best = l;
                }
            }
            laneOf[i] = best;
            position[i] = laneSize[best]++;
            finish[i] = bestFinish;
            laneFree[best] = bestFinish;
        }
        double makespan = Arrays.stream(laneFree).max().orElse(0);
        if (!forced && lanes > 1 && inOrder - makespan < WAKE_COST) {
            return inOrder(n);
        }
        int[][] order = new int[lanes][];
        for (int l = 0; l < lanes; l++) {
            order[l] = new int[laneSize[l]];
        }
        int[][] waits = new int[n][lanes];
        for (int i = 0; i < n; i++) {
            order[laneOf[i]][position[i]] = i;
            for (int d : deps[i]) {
                if (laneOf[d] != laneOf[i]) {
                    waits[i][laneOf[d]] = Math.max(waits[i][laneOf[d]], position[d] + 1);
                }
            }
        }
        return new LaneSchedule(lanes, order, waits);
    }

    /** One lane running all {@code n} calls in program order, with nothing to wait for. */
    private static LaneSchedule inOrder(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return new LaneSchedule(1, new int[][] {all}, new int[n][1]);
    }

    /**
     * For each call, the earlier calls it conflicts with (see the class comment): the last writer of each storage it
     * touches, and, when it writes, every reader since that writer.
     */
    static int[][] dependencies(KernelCall[] calls) {
        Map<Object, Integer> lastWriter = new IdentityHashMap<>();
        Map<Object, List<Integer>> readersSince = new IdentityHashMap<>();
        int[][] deps = new int[calls.length][];
        for (int i = 0; i < calls.length; i++) {
            KernelCall call = calls[i];
            List<Object> reads = new ArrayList<>();
            for (Tensor t : call.reads()) {
                reads.add(t.storage());
            }
            List<Object> writes = new ArrayList<>();
            for (Tensor t : call.writes()) {
                writes.add(t.storage());
            }
            for (Object a : call.attributes()) {
                if (a instanceof Rng) {
                    writes.add(a); // a draw advances its generator: draws from one generator keep their order
                }
            }
            Set<Integer> mine = new TreeSet<>();
            for (Object r : reads) {
                Integer w = lastWriter.get(r);
                if (w != null) {
                    mine.add(w);
                }
            }
            for (Object r : writes) {
                Integer w = lastWriter.get(r);
                if (w != null) {
                    mine.add(w);
                }
                mine.addAll(readersSince.getOrDefault(r, List.of()));
            }
            mine.remove(i);
            deps[i] = mine.stream().mapToInt(Integer::intValue).toArray();
            for (Object r : reads) {
                readersSince.computeIfAbsent(r, k -> new ArrayList<>()).add(i);
            }
            for (Object r : writes) {
                lastWriter.put(r, i);
                readersSince.remove(r);
            }
        }
        return deps;
    }

    /** The cost model's estimate for one call (see the class comment). */
    static double cost(KernelCall call) {
        double work = 0;
        if (call.name().startsWith("matmul")) { // matmul, and matmulBiasRelu (its epilogue is in the noise)
            Tensor a = call.reads()[0];
            int[] shape = a.shape();
            work = MAC_COST * call.writes()[0].numel() * (shape.length == 0 ? 1 : shape[shape.length - 1]);
        } else if (call.groupSize() != null) {
            work = call.groupSize()[1]; // one update per element of every parameter of the group
        } else {
            for (Tensor t : call.writes()) {
                work = Math.max(work, t.numel());
            }
            for (Tensor t : call.reads()) {
                work = Math.max(work, t.numel());
            }
        }
        return CALL_COST + work;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LaneSchedule[");
        for (int l = 0; l < lanes; l++) {
            sb.append(l == 0 ? "" : ", ").append(order[l].length);
        }
        return sb.append(" calls; waits ").append(Arrays.stream(waits).filter(w -> Arrays.stream(w).anyMatch(x -> x > 0))
                .count()).append(']').toString();
    }
}
