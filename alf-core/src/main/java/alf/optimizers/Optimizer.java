package alf.optimizers;

import alf.config.IgnoredParameters;
import alf.tensor.GradMode;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;

/**
 * A first-order optimizer over parameter groups, in the style of {@code torch.optim.Optimizer}.
 *
 * <p><b>Call order.</b> Construct it with hyper-parameters only (as a configuration file builds it) →
 * {@link #addParamGroup} once per group (each group may override the learning rate and weight decay; a parameter
 * may belong to one group only) → per iteration: {@code loss.backward()}, {@link #step()}, {@link #zeroGrad()} →
 * {@link #stateDict()} / {@link #loadStateDict} for checkpoints.
 *
 * <p><b>A step</b> first applies the optional {@link GradientClipper} to the gradients of all parameters, then, for
 * each group, reads the group's learning rate {@code lr(stepCount())} from its {@link LearningRateSchedule} (the
 * first step uses {@code lr(0)}) and updates every parameter that has a gradient, in place and without recording
 * autograd history; parameters without a gradient are skipped and keep their state (as in PyTorch). Per-parameter
 * state tensors are allocated once, at a parameter's first update.
 *
 * <p>Parameters are leaf floating-point {@link Tensor}s; gradients must have the parameter's dtype.
 */
public abstract class Optimizer implements IgnoredParameters {
    private final LearningRateSchedule defaultLr;
    private final double defaultWeightDecay;
    private final GradientClipper gradientClipping;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, ParameterState> state = new IdentityHashMap<>();
    /** Scratch of {@link #prepareStep}: each group's learning rate this step. */
    private double[] rates = new double[0];
    private final Workspace workspace = new Workspace();
    private long stepCount;
    /** The group {@link #applyStep()} is updating (for {@link #liveLr()}), else null. */
    private ParamGroup updatingGroup;
    /** Whether the default learning rate comes from a schedule (the constant {@code lr} then goes unused). */
    private final boolean scheduled;
    private double lastGradientNorm = Double.NaN;

    /**
     * @param lr               the default constant learning rate (≥ 0), used when {@code lrSchedule} is null
     * @param lrSchedule       the default learning-rate schedule, or null for the constant {@code lr}
     * @param weightDecay      the default weight decay (≥ 0)
     * @param gradientClipping applied to all gradients before each step, or null for none
     */
    protected Optimizer(double lr, LearningRateSchedule lrSchedule, double weightDecay,
                        GradientClipper gradientClipping) {
        HyperParameters.requireNonNegative(getClass().getSimpleName(), "lr", lr);
        HyperParameters.requireNonNegative(getClass().getSimpleName(), "weightDecay", weightDecay);
        this.defaultLr = lrSchedule != null ? lrSchedule : new ConstantSchedule(lr);
        this.scheduled = lrSchedule != null;
        this.defaultWeightDecay = weightDecay;
        this.gradientClipping = gradientClipping;
    }

    // ------------------------------------------------------------------ parameter groups

    /** Adds a group of parameters that uses the optimizer's defaults. */
    public final ParamGroup addParamGroup(List<Tensor> params) {
        return addParamGroup(params, ParamGroupOptions.none());
    }

    /**
     * Adds a group of parameters with its own overrides of the learning rate and weight decay.
     *
     * @throws IllegalArgumentException when the list is empty or holds null, a non-leaf, a non-floating tensor, or a
     *                                  parameter already in this optimizer (the message says which and where)
     */
    public final ParamGroup addParamGroup(List<Tensor> params, ParamGroupOptions overrides) {
        String owner = getClass().getSimpleName() + ".addParamGroup";
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(owner + ": the parameter list of group #" + groups.size()
                    + " is " + (params == null ? "null" : "empty"));
        }
        if (overrides == null) {
            throw new IllegalArgumentException(owner + ": overrides is null (use ParamGroupOptions.none())");
        }
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            String which = "parameter #" + i + " of new group #" + groups.size();
            if (p == null) {
                throw new IllegalArgumentException(owner + ": " + which + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(owner + ": " + which + " (shape " + Arrays.toString(p.shape())
                        + ") is not a leaf tensor (it is the output of '" + p.gradFn().name()
                        + "'); optimize the leaf it was computed from");
            }
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(owner + ": " + which + " has dtype " + p.dtype()
                        + "; only floating-point tensors can be optimized");
            }
            Integer earlier = seen.put(p, i);
            if (earlier != null) {
                throw new IllegalArgumentException(owner + ": " + which + " (shape " + Arrays.toString(p.shape())
                        + ") is the same tensor as parameter #" + earlier + " of the same group");
            }
            for (int g = 0; g < groups.size(); g++) {
                int j = indexOfIdentical(groups.get(g).params(), p);
                if (j >= 0) {
                    throw new IllegalArgumentException(owner + ": " + which + " (shape "
                            + Arrays.toString(p.shape()) + ") is already parameter #" + j + " of group #" + g
                            + "; a parameter may belong to one group only");
                }
            }
        }
        ParamGroup group = new ParamGroup(params,
                overrides.lr() != null ? overrides.lr() : defaultLr,
                overrides.weightDecay() != null ? overrides.weightDecay() : defaultWeightDecay);
        groups.add(group);
        return group;
    }

    private static int indexOfIdentical(List<Tensor> list, Tensor p) {
        for (int j = 0; j < list.size(); j++) {
            if (list.get(j) == p) {
                return j;
            }
        }
        return -1;
    }

    /** The parameter groups in the order they were added (unmodifiable). */
    public final List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** Every parameter of every group, group by group. */
    public final List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup g : groups) {
            all.addAll(g.params());
        }
        return all;
    }

    // ------------------------------------------------------------------ stepping

    /**
     * Clips the gradients (when configured) and updates every parameter that has a gradient: {@link #prepareStep()}
     * then {@link #applyStep()}.
     *
     * @throws IllegalStateException when no parameter group was ever added, a schedule returns an invalid rate, or a
     *                               gradient's dtype differs from its parameter's; nothing is changed then
     */
    public final void step() {
        prepareStep();
        applyStep();
    }

    /**
     * The host half of {@link #step()}: checks the gradients, sets each group's learning rate for this step and
     * advances the step counters (creating the state of parameters stepped for the first time); no tensor changes. A
     * captured plan of {@link #applyStep()} runs this before each replay: the update rules read the rates and
     * counters it sets through {@link Tensor#hostScalar}.
     *
     * @throws IllegalStateException as {@link #step()}
     */
    public final void prepareStep() {
        String name = getClass().getSimpleName();
        if (groups.isEmpty()) {
            throw new IllegalStateException(name + ".step(): the optimizer has no parameters; add them with "
                    + "addParamGroup(...) before stepping");
        }
        if (rates.length != groups.size()) {
            rates = new double[groups.size()];
        }
        for (int g = 0; g < groups.size(); g++) {
            LearningRateSchedule schedule = groups.get(g).lrSchedule();
            double lr = schedule.lr(stepCount);
            if (!(lr >= 0) || Double.isInfinite(lr)) {
                throw new IllegalStateException(name + ".step(): learning-rate schedule " + schedule
                        + " of group #" + g + " returned " + lr + " at step " + stepCount
                        + "; a learning rate must be finite and >= 0");
            }
            rates[g] = lr;
        }
        for (int g = 0; g < groups.size(); g++) {
            List<Tensor> params = groups.get(g).params();
            for (int i = 0; i < params.size(); i++) {
                Tensor grad = params.get(i).grad();
                if (grad != null && grad.dtype() != params.get(i).dtype()) {
                    throw new IllegalStateException(name + ".step(): parameter #" + i + " of group #" + g
                            + " has dtype " + params.get(i).dtype() + " but its gradient has dtype " + grad.dtype());
                }
            }
        }
        // indexed loops and an explicit get/put: a replayed update prepares every step, and an iterator or a method
        // reference per parameter would be garbage each time
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            group.setLastLr(rates[g]);
            List<Tensor> params = group.params();
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                if (p.grad() != null) {
                    ParameterState st = state.get(p);
                    if (st == null) {
                        st = newState(p);
                        state.put(p, st);
                    }
                    st.setStep(st.step() + 1);
                }
            }
        }
        stepCount++;
    }

    /**
     * The tensor half of {@link #step()}, after {@link #prepareStep()}: clips the gradients (when configured) and
     * applies the update rule to every parameter that has a gradient, at the rates and counters the preparation set.
     */
    public final void applyStep() {
        if (gradientClipping != null) {
            OptionalDouble norm = gradientClipping.clip(parameters());
            lastGradientNorm = norm.orElse(Double.NaN);
        }
        try (var noGrad = GradMode.noGrad()) {
            for (ParamGroup group : groups) {
                updatingGroup = group;
                updateGroup(group);
            }
        } finally {
            updatingGroup = null;
        }
    }

    /**
     * Applies {@link #update} to every parameter of {@code group} that has a gradient, in the group's order; called
     * by {@link #applyStep} under {@code GradMode.noGrad()}. An optimizer that issues a whole group as one backend
     * call ({@link AdamFamily}) collects the parameters' updates here and runs them after this returns.
     */
    protected void updateGroup(ParamGroup group) {
        for (Tensor p : group.params()) {
            Tensor grad = p.grad();
            if (grad != null) {
                update(p, grad, state.get(p), group.lastLr(), group.weightDecay());
            }
        }
    }

    /**
     * The learning rate of the group being updated, read live: for {@link Tensor#hostScalar} suppliers in
     * {@link #update}, so a replayed plan uses each step's rate.
     */
    protected final DoubleSupplier liveLr() {
        ParamGroup group = updatingGroup;
        return group::lastLr;
    }

    /** Sets every parameter's gradient to null (PyTorch's {@code zero_grad(set_to_none=True)}). */
    public final void zeroGrad() {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                p.zeroGrad();
            }
        }
    }

    /** The number of completed {@link #step()} calls: the key of the learning-rate schedules. */
    public final long stepCount() {
        return stepCount;
    }

    /**
     * The constant {@code lr} when a {@code lrSchedule} gives the learning rate instead: a configuration that sets
     * both is refused (the key is reported unused, with this reason), and the operative configuration records only
     * the schedule.
     */
    @Override
    public Map<String, String> ignoredParameters() {
        return scheduled ? Map.of("lr", "lrSchedule gives the learning rate") : Map.of();
    }

    /**
     * The joint gradient norm before clipping measured in the last step by a {@link GlobalNormClipping}; NaN when
     * there is none or before the first step.
     */
    public final double lastGradientNorm() {
        return lastGradientNorm;
    }

    /** The state of {@code param}, or null before its first update (live object, for inspection and tests). */
    public final ParameterState state(Tensor param) {
        return state.get(param);
    }

    private ParameterState newState(Tensor param) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String slot : stateNames()) {
            tensors.put(slot, Tensor.zerosLike(param));
        }
        return new ParameterState(tensors);
    }

    /** A scratch tensor shaped like {@code like}, reused across steps (see the update rules for the slot use). */
    protected final Tensor scratch(int slot, Tensor like) {
        return workspace.like(slot, like);
    }

    // ------------------------------------------------------------------ subclass contract

    /** The names of the per-parameter state tensors this optimizer keeps, in a fixed order. */
    protected abstract List<String> stateNames();

    /** This optimizer's own hyper-parameters (numbers or booleans), compared on {@link #loadStateDict}. */
    protected abstract OptimizerSettings hyperParameters();

    /**
     * Applies one update to {@code param} in place; called under {@code GradMode.noGrad()} with the state's step
     * already incremented (1 on the first update).
     */
    protected abstract void update(Tensor param, Tensor grad, ParameterState state, double lr, double weightDecay);

    // ------------------------------------------------------------------ state save / load

    /**
     * A snapshot of the optimizer: step count, hyper-parameters, and for every group its hyper-parameters and, in
     * parameter order, each parameter's update count and copies of its state tensors.
     */
    public final OptimizerState stateDict() {
        List<GroupState> saved = new ArrayList<>();
        for (ParamGroup g : groups) {
            List<SavedParameterState> params = new ArrayList<>();
            for (Tensor p : g.params()) {
                ParameterState st = state.get(p);
                if (st == null) {
                    params.add(new SavedParameterState(0, Map.of()));
                } else {
                    Map<String, Tensor> copies = new LinkedHashMap<>();
                    st.tensors().forEach((k, v) -> copies.put(k, v.copy()));
                    params.add(new SavedParameterState(st.step(), copies));
                }
            }
            saved.add(new GroupState(groupHyperParameters(g), params));
        }
        return new OptimizerState(getClass().getSimpleName(), stepCount, hyperParameters(), saved);
    }

    private Map<String, Double> groupHyperParameters(ParamGroup g) {
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("lr", g.lrSchedule().lr(stepCount));
        h.put("weightDecay", g.weightDecay());
        return h;
    }

    /**
     * Restores a snapshot taken by {@link #stateDict()} of an optimizer built the same way (same class and
     * hyper-parameters, same groups with the same parameter shapes and dtypes); stepping afterwards is bit-identical
     * to never having stopped. The snapshot's tensors are copied, never aliased. Hyper-parameters come from this
     * optimizer's construction (the configuration is the provenance); a snapshot whose hyper-parameters differ is
     * refused, naming the first difference.
     *
     * @throws IllegalArgumentException on any mismatch; this optimizer is then left unchanged
     */
    public final void loadStateDict(OptimizerState saved) {
        String name = getClass().getSimpleName();
        String owner = name + ".loadStateDict";
        if (saved == null) {
            throw new IllegalArgumentException(owner + ": state is null");
        }
        if (!saved.optimizer().equals(name)) {
            throw new IllegalArgumentException(owner + ": the state was saved by " + saved.optimizer()
                    + ", not by " + name);
        }
        String difference = hyperParameters().firstDifferenceFrom(saved.hyperParameters());
        if (difference != null) {
            throw new IllegalArgumentException(owner + ": hyper-parameter " + difference);
        }
        if (saved.groups().size() != groups.size()) {
            throw new IllegalArgumentException(owner + ": the saved state has " + saved.groups().size()
                    + " parameter group(s), this optimizer has " + groups.size());
        }
        long savedSteps = saved.stepCount();
        Map<Tensor, ParameterState> restored = new IdentityHashMap<>();
        List<String> slots = stateNames();
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            GroupState gs = saved.groups().get(g);
            checkGroupHyperParameters(owner, g, group, gs, savedSteps);
            if (gs.parameters().size() != group.params().size()) {
                throw new IllegalArgumentException(owner + ": group #" + g + " has " + gs.parameters().size()
                        + " parameter(s) in the saved state but " + group.params().size() + " here");
            }
            for (int i = 0; i < gs.parameters().size(); i++) {
                Tensor p = group.params().get(i);
                SavedParameterState ps = gs.parameters().get(i);
                String which = "parameter #" + i + " of group #" + g;
                if (ps.step() == 0) {
                    if (!ps.tensors().isEmpty()) {
                        throw new IllegalArgumentException(owner + ": " + which
                                + " has state tensors but step 0 in the saved state");
                    }
                    continue;
                }
                if (!ps.tensors().keySet().equals(new java.util.HashSet<>(slots))) {
                    throw new IllegalArgumentException(owner + ": " + which + " has state tensors "
                            + ps.tensors().keySet() + " in the saved state; " + name + " expects " + slots);
                }
                Map<String, Tensor> tensors = new LinkedHashMap<>();
                for (String slot : slots) {
                    Tensor t = ps.tensors().get(slot);
                    if (!Arrays.equals(t.shape(), p.shape()) || t.dtype() != p.dtype()) {
                        throw new IllegalArgumentException(owner + ": state '" + slot + "' of " + which + " is "
                                + t.dtype() + Arrays.toString(t.shape()) + " in the saved state but the parameter is "
                                + p.dtype() + Arrays.toString(p.shape()));
                    }
                    Tensor copy = Tensor.zerosLike(p);
                    try (var noGrad = GradMode.noGrad()) {
                        copy.copy_(t);
                    }
                    tensors.put(slot, copy);
                }
                ParameterState st = new ParameterState(tensors);
                st.setStep(ps.step());
                restored.put(p, st);
            }
        }
        state.clear();
        state.putAll(restored);
        stepCount = savedSteps;
    }

    private void checkGroupHyperParameters(String owner, int g, ParamGroup group, GroupState gs, long savedSteps) {
        Map<String, Double> here = new LinkedHashMap<>();
        here.put("lr", group.lrSchedule().lr(savedSteps));
        here.put("weightDecay", group.weightDecay());
        for (Map.Entry<String, Double> e : here.entrySet()) {
            Double theirs = gs.hyperParameters().get(e.getKey());
            if (!e.getValue().equals(theirs)) {
                throw new IllegalArgumentException(owner + ": group #" + g + " " + e.getKey() + " at step "
                        + savedSteps + " is " + e.getValue() + " here but " + theirs + " in the saved state");
            }
        }
    }
}
