package alf.tensor.plan;

import alf.tensor.Backend;
import alf.tensor.KernelTap;
import alf.tensor.RandomDraw;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The kernel calls of one eager step, in order, as a {@link KernelTap} collects them on the capturing thread, with
 * what {@link #checkSameAs} needs to tell whether two captures of a step are the same static program: every storage
 * gets an id by first appearance, and each storage read before the step wrote it (an external read) keeps a snapshot
 * of its content at that first read.
 */
final class Recording implements KernelTap {
    private final List<KernelCall> calls = new ArrayList<>();
    private final Map<Backend, RecordingBackend> wrappers = new IdentityHashMap<>();
    private final Map<Storage, Integer> ids = new IdentityHashMap<>();
    private final List<Storage> storages = new ArrayList<>();
    private final Map<Integer, double[]> externalReads = new HashMap<>();
    private final Map<Integer, Integer> firstReadCall = new HashMap<>();
    private final Set<Integer> written = new HashSet<>();
    private int suspended;

    @Override
    public Backend intercept(Backend backend) {
        if (suspended > 0) {
            return backend;
        }
        return wrappers.computeIfAbsent(backend, b -> new RecordingBackend(b, this));
    }

    @Override
    public void hostScalar(DoubleSupplier value, Tensor out) {
        if (suspended == 0) {
            noteWrites(KernelCall.hostScalar(value, out));
        }
    }

    @Override
    public void randomDrawn(RandomDraw draw) {
        if (suspended == 0) {
            noteWrites(KernelCall.draw(draw));
        }
    }

    /**
     * Runs a kernel call and appends it: its external reads are snapshotted before it runs, and it runs with recording
     * suspended (a kernel may itself use tensor ops).
     */
    void record(KernelCall call) {
        int index = calls.size();
        for (Tensor t : call.reads()) {
            int id = idOf(t.storage());
            if (!written.contains(id) && !externalReads.containsKey(id)) {
                externalReads.put(id, snapshot(t.storage()));
                firstReadCall.put(id, index);
            }
        }
        suspended++;
        try {
            call.run();
        } finally {
            suspended--;
        }
        noteWrites(call);
    }

    /** Appends a call that has run, marking the storages it wrote. */
    private void noteWrites(KernelCall call) {
        for (Tensor t : call.writes()) {
            written.add(idOf(t.storage()));
        }
        calls.add(call);
    }

    private int idOf(Storage s) {
        Integer id = ids.get(s);
        if (id == null) {
            id = storages.size();
            ids.put(s, id);
            storages.add(s);
        }
        return id;
    }

    private static double[] snapshot(Storage s) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.getDouble(i);
        }
        return v;
    }

    /** The calls in order. */
    List<KernelCall> calls() {
        return calls;
    }

    /** The backends the calls ran on. */
    Set<Backend> backends() {
        return wrappers.keySet();
    }

    /** How call {@code index} reads in words, e.g. {@code #12 binary MUL (s3[256, 1] float32, s7[] float32)}. */
    String describe(int index) {
        KernelCall c = calls.get(index);
        StringBuilder sb = new StringBuilder("#").append(index).append(' ').append(c.name()).append(" (");
        Tensor[] args = concat(c.reads(), c.writes());
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(signature(args[i]));
        }
        return sb.append(')').toString();
    }

    private String signature(Tensor t) {
        return "s" + ids.get(t.storage()) + Arrays.toString(t.shape()) + "/"
                + Arrays.toString(t.strides()) + "+" + t.offset() + " " + t.dtype();
    }

    private static Tensor[] concat(Tensor[] a, Tensor[] b) {
        Tensor[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * Checks that {@code later}, a capture of the next step, ran the same program as this one, so replaying
     * {@code later}'s calls reproduces eager execution: the same kernels with the same non-tensor arguments on
     * tensors of the same layout over storages that correspond one to one, and every external read either of the
     * same storage object in both (state the step carries forward: parameters, optimizer moments, inputs) or of a
     * storage made afresh each step with the same content (constants). A fresh storage whose content changed is a
     * value computed in Java from tensor data (an {@code item()} turned back into a number): replay would freeze it.
     *
     * <p>Host scalars ({@link alf.tensor.Tensor#hostScalar}) are evaluated again on replay: their suppliers must read
     * live state (both captures' suppliers give the same number now), and a number that changed between the captures
     * needs host work repeated before each replay ({@code hostWorkRepeated}) to move what it reads.
     *
     * @throws PlanMismatchException naming the first call that differs and why
     */
    void checkSameAs(Recording later, String stepName, boolean hostWorkRepeated) {
        if (calls.size() != later.calls.size()) {
            int n = Math.min(calls.size(), later.calls.size());
            int first = firstDifference(later, n);
            throw new PlanMismatchException(stepName + ": two captured steps ran " + calls.size() + " and "
                    + later.calls.size() + " kernel calls"
                    + (first < n ? "; they first differ at " + describe(first) + " vs " + later.describe(first) : "")
                    + ": the step's program depends on data or on a counter, so it cannot be replayed");
        }
        int first = firstDifference(later, calls.size());
        if (first < calls.size()) {
            throw new PlanMismatchException(stepName + ": two captured steps differ at kernel call " + describe(first)
                    + " vs " + later.describe(first) + " (attributes " + Arrays.toString(
                    calls.get(first).attributes()) + " vs " + Arrays.toString(
                    later.calls.get(first).attributes()) + "): the step's program depends on data or on a counter, "
                    + "so it cannot be replayed");
        }
        for (int i = 0; i < calls.size(); i++) {
            KernelCall a = calls.get(i);
            if (a.hostValue() != null) {
                // both suppliers now see the same live state: one that copied a number in gives a stale value
                KernelCall b = later.calls.get(i);
                double was = a.hostValue().getAsDouble();
                double is = b.hostValue().getAsDouble();
                if (Double.compare(was, is) != 0) {
                    throw new PlanMismatchException(stepName + ": the host scalar of kernel call " + later.describe(i)
                            + " gives " + was + " from the first captured step's supplier but " + is + " from the"
                            + " second's: its supplier holds a copied number instead of reading live state");
                }
                double inFirst = a.writes()[0].item();
                double inSecond = b.writes()[0].item();
                if (!hostWorkRepeated && Double.compare(inFirst, inSecond) != 0) {
                    throw new PlanMismatchException(stepName + ": the host scalar of kernel call " + later.describe(i)
                            + " changed between two captured steps (" + inFirst + " then " + inSecond + ") and nothing "
                            + "moves what it reads on replay: give the CapturedStep the host work to repeat before "
                            + "each replay (e.g. the optimizers' prepareStep) or run this step eagerly");
                }
            }
        }
        for (Map.Entry<Integer, double[]> e : externalReads.entrySet()) {
            int id = e.getKey();
            if (storages.get(id) == later.storages.get(id)) {
                continue;
            }
            double[] before = e.getValue();
            double[] after = later.externalReads.get(id);
            for (int i = 0; i < before.length; i++) {
                if (Double.compare(before[i], after[i]) != 0) {
                    int call = firstReadCall.get(id);
                    throw new PlanMismatchException(stepName + ": kernel call " + later.describe(call)
                            + " reads a value made in Java afresh each step that changed between two captured steps"
                            + " (element " + i + ": " + before[i] + " then " + after[i] + "), e.g. a number taken"
                            + " from a tensor with item() or a step counter; replay would freeze it, so compute it"
                            + " with tensor ops or run this step eagerly");
                }
            }
        }
    }

    private int firstDifference(Recording later, int n) {
        for (int i = 0; i < n; i++) {
            KernelCall a = calls.get(i);
            KernelCall b = later.calls.get(i);
            if (!a.name().equals(b.name())
                    || !Arrays.equals(a.attributes(), b.attributes())
                    || !describeArgs(a).equals(later.describeArgs(b))) {
                return i;
            }
        }
        return n;
    }

    private String describeArgs(KernelCall c) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : concat(c.reads(), c.writes())) {
            sb.append(signature(t)).append(';');
        }
        return sb.toString();
    }
}
