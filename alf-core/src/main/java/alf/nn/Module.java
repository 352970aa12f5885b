package alf.nn;

import alf.tensor.Device;
import alf.tensor.GradMode;
import alf.io.SafeTensors;
import alf.tensor.Tensor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Base class of every network building block — ALF's {@code torch.nn.Module}: a tree of modules that owns parameters
 * (leaf tensors that require grad) and buffers (state that is saved but not trained).
 *
 * <p><b>Registration.</b> A module knows only what it registered: {@link #registerParameter},
 * {@link #registerBuffer} and {@link #registerModule} (usually from the subclass constructor). Names are plain
 * identifiers without dots; the tree gives dotted names ({@code actor.fc1.bias}, {@code 0.weight}). <em>A module kept in
 * a plain Java {@code List}, {@code Map} or array field is not registered</em>: its parameters are missing from
 * {@link #parameters()} (so no optimizer trains them), from {@link #stateDict()} (so no checkpoint saves them) and from
 * {@link #train()}/{@link #eval()}. This is PyTorch's classic pitfall with Python lists; here too, only
 * {@link ModuleList} and {@link ModuleDict} (themselves registered) register the modules they hold.
 *
 * <p><b>Order.</b> Every enumeration is deterministic, like PyTorch's: a module's own entries in registration order,
 * then its children depth-first in registration order. {@link #parameters()} lists a tensor registered under several
 * names once (first name wins); {@link #stateDict()} keeps every name.
 *
 * <p><b>Forward.</b> A single-input module overrides {@link #forward(Tensor)}; a module with several inputs (a critic
 * taking observation and action) overrides {@link #forwardInputs(Tensor[])}. Callers use {@link #call(Tensor...)},
 * which runs the forward pre-hooks, the forward and the forward hooks; calling {@code forward} directly skips the
 * hooks (as in PyTorch).
 *
 * <p><b>State.</b> {@link #stateDict()} returns detached <em>copies</em> (a snapshot that later training does not
 * change); {@link #loadStateDict} copies values into the existing tensors under {@link GradMode#noGrad()}, so an
 * optimizer holding those tensors keeps working. {@link #copy()} makes an independent deep copy (target networks).
 */
public abstract class Module implements Cloneable {
    private LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private ArrayList<HookEntry> hooks = new ArrayList<>();
    private boolean training = true;

    /** A registered hook: exactly one of the two fields is set. */
    private record HookEntry(ForwardPreHook pre, ForwardHook post) {
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers {@code tensor} as a trainable parameter named {@code name} and marks it as requiring grad. It must be
     * a floating-point leaf (see {@link Parameter#of}). Returns the tensor, for {@code this.w = registerParameter(...)}.
     */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkNewName(name, "parameter");
        if (tensor == null) {
            throw new IllegalArgumentException(kind() + ": parameter '" + name + "' must not be null");
        }
        if (!tensor.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(kind() + ": parameter '" + name + "' must be floating point, got "
                    + tensor.dtype());
        }
        if (!tensor.isLeaf()) {
            throw new IllegalArgumentException(kind() + ": parameter '" + name + "' must be a leaf tensor, got the "
                    + "output of '" + tensor.gradFn().name() + "' (use Parameter.of(t), which detaches)");
        }
        tensor.setRequiresGrad(true);
        parameters.put(name, tensor);
        return tensor;
    }

    /**
     * Registers {@code tensor} as a buffer named {@code name}: state that {@link #stateDict()} saves and
     * {@link #loadStateDict} restores but that is not trained (running statistics, counters). It must not require
     * grad. Returns the tensor.
     */
    protected final Tensor registerBuffer(String name, Tensor tensor) {
        checkNewName(name, "buffer");
        if (tensor == null) {
            throw new IllegalArgumentException(kind() + ": buffer '" + name + "' must not be null");
        }
        if (tensor.requiresGrad()) {
            throw new IllegalArgumentException(kind() + ": buffer '" + name + "' must not require grad (register "
                    + "trainable tensors with registerParameter)");
        }
        buffers.put(name, tensor);
        return tensor;
    }

    /** Registers {@code module} as the child named {@code name}; returns it, for {@code this.fc = registerModule(...)}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkNewName(name, "submodule");
        if (module == null) {
            throw new IllegalArgumentException(kind() + ": submodule '" + name + "' must not be null");
        }
        checkAcyclic(name, module);
        children.put(name, module);
        return module;
    }

    private void checkAcyclic(String name, Module module) {
        if (module == this || module.namedModules().containsValue(this)) {
            throw new IllegalArgumentException(kind() + ": registering submodule '" + name
                    + "' would make the module tree cyclic");
        }
    }

    /** Replaces the existing child {@code name} in place, keeping its position (for {@link ModuleDict#put}). */
    final void replaceModule(String name, Module module) {
        if (!children.containsKey(name)) {
            throw new IllegalArgumentException(kind() + ": no submodule named '" + name + "' to replace");
        }
        if (module == null) {
            throw new IllegalArgumentException(kind() + ": submodule '" + name + "' must not be null");
        }
        checkAcyclic(name, module);
        children.put(name, module);
    }

    private void checkNewName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(kind() + ": " + what + " name must not be empty");
        }
        if (name.contains(".")) {
            throw new IllegalArgumentException(kind() + ": " + what + " name '" + name
                    + "' must not contain '.' (dots separate the levels of the module tree)");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(kind() + ": cannot register " + what + " '" + name
                    + "': the name is already taken by a " + (parameters.containsKey(name) ? "parameter"
                    : buffers.containsKey(name) ? "buffer" : "submodule"));
        }
    }

    private String kind() {
        return getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ forward and hooks

    /**
     * The computation of a single-input module. Containers that only hold modules ({@link ModuleList},
     * {@link ModuleDict}) do not define one, and calling it on them fails with a message saying so.
     */
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(kind() + " does not define forward(Tensor): it "
                + (this instanceof ModuleList || this instanceof ModuleDict
                        ? "only holds modules; call the modules it contains"
                        : "must override forward(Tensor), or forwardInputs(Tensor[]) for several inputs"));
    }

    /**
     * The computation for the inputs given to {@link #call(Tensor...)}; by default exactly one input, passed to
     * {@link #forward(Tensor)}. Modules with several inputs override this.
     */
    protected Tensor forwardInputs(Tensor[] inputs) {
        if (inputs.length != 1) {
            throw new IllegalArgumentException(kind() + " takes 1 input, got " + inputs.length
                    + " (a module with several inputs overrides forwardInputs)");
        }
        return forward(inputs[0]);
    }

    /** True when hooks are registered on this module (so {@link #call} does more than {@link #forwardInputs}). */
    final boolean hasHooks() {
        return !hooks.isEmpty();
    }

    /** Runs the module: pre-hooks (which may replace the inputs), {@link #forwardInputs}, hooks (may replace output). */
    public final Tensor call(Tensor... inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException(kind() + ".call: at least one input is required");
        }
        Tensor[] in = inputs.clone();
        List<HookEntry> snapshot = List.copyOf(hooks);
        for (HookEntry h : snapshot) {
            if (h.pre() != null) {
                List<Tensor> replaced = h.pre().beforeForward(this, List.of(in));
                if (replaced != null) {
                    in = replaced.toArray(new Tensor[0]);
                }
            }
        }
        Tensor out = forwardInputs(in);
        List<Tensor> inView = List.of(in);
        for (HookEntry h : snapshot) {
            if (h.post() != null) {
                Tensor replaced = h.post().afterForward(this, inView, out);
                if (replaced != null) {
                    out = replaced;
                }
            }
        }
        return out;
    }

    /** Adds a hook run after every {@link #call} of this module (in registration order); close the handle to remove. */
    public final HookHandle registerForwardHook(ForwardHook hook) {
        if (hook == null) {
            throw new IllegalArgumentException(kind() + ": forward hook must not be null");
        }
        HookEntry e = new HookEntry(null, hook);
        hooks.add(e);
        return new HookHandle(() -> removeHook(e));
    }

    /** Adds a hook run before every {@link #call} of this module; close the handle to remove. */
    public final HookHandle registerForwardPreHook(ForwardPreHook hook) {
        if (hook == null) {
            throw new IllegalArgumentException(kind() + ": forward pre-hook must not be null");
        }
        HookEntry e = new HookEntry(hook, null);
        hooks.add(e);
        return new HookHandle(() -> removeHook(e));
    }

    private void removeHook(HookEntry e) {
        // identity removal: two registrations of the same hook object are separate entries
        for (int i = 0; i < hooks.size(); i++) {
            if (hooks.get(i) == e) {
                hooks.remove(i);
                return;
            }
        }
    }

    // ------------------------------------------------------------------ mode

    /** Puts this module and all its descendants in training mode; returns this. */
    public Module train() {
        return train(true);
    }

    /** Sets training mode ({@code true}) or evaluation mode on this module and all descendants; returns this. */
    public Module train(boolean mode) {
        for (Module m : namedModules().values()) {
            m.training = mode;
        }
        return this;
    }

    /** Puts this module and all its descendants in evaluation mode; returns this. */
    public Module eval() {
        return train(false);
    }

    /** True in training mode (the default). */
    public boolean isTraining() {
        return training;
    }

    // ------------------------------------------------------------------ enumeration

    /** The direct children by name, in registration order (unmodifiable). */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** The direct children in registration order. */
    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    /**
     * This module (name {@code ""}) and every descendant by dotted name, pre-order depth-first; a module reachable
     * under several names is listed once.
     */
    public final LinkedHashMap<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collectModules(String prefix, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        out.put(prefix, m);
        for (Map.Entry<String, Module> c : m.children.entrySet()) {
            collectModules(join(prefix, c.getKey()), c.getValue(), out, seen);
        }
    }

    /** This module and every descendant, pre-order depth-first. */
    public final List<Module> modules() {
        return List.copyOf(namedModules().values());
    }

    /**
     * Every parameter of the tree by dotted name ({@code 0.weight}, {@code actor.fc1.bias}): each module's own in
     * registration order, children depth-first. A tensor shared under several names appears once, first name wins.
     */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        return namedTensors(true);
    }

    /** Every parameter of the tree in {@link #namedParameters()} order — what an optimizer is given. */
    public final List<Tensor> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Every buffer of the tree by dotted name, in the same order rules as {@link #namedParameters()}. */
    public final LinkedHashMap<String, Tensor> namedBuffers() {
        return namedTensors(false);
    }

    /** Every buffer of the tree. */
    public final List<Tensor> buffers() {
        return List.copyOf(namedBuffers().values());
    }

    /** The total number of parameter elements. */
    public final long numParameters() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    private LinkedHashMap<String, Tensor> namedTensors(boolean params) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> e : namedModules().entrySet()) {
            Map<String, Tensor> own = params ? e.getValue().parameters : e.getValue().buffers;
            for (Map.Entry<String, Tensor> t : own.entrySet()) {
                if (seen.add(t.getValue())) {
                    out.put(join(e.getKey(), t.getKey()), t.getValue());
                }
            }
        }
        return out;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ------------------------------------------------------------------ gradients

    /** Clears the gradient of every parameter (sets it to null, as PyTorch's {@code zero_grad()} by default). */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    // ------------------------------------------------------------------ state

    /**
     * Every parameter and buffer by dotted name, as detached contiguous copies (later updates of the module do not
     * show in them). Order, per module pre-order: own parameters, own buffers, then the children — PyTorch's
     * {@code state_dict()} order. A tensor registered under several names is listed under each.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : stateEntries().entrySet()) {
            out.put(e.getKey(), e.getValue().detach().copy());
        }
        return out;
    }

    /** The live parameters and buffers by state-dict name (not copies). */
    private LinkedHashMap<String, Tensor> stateEntries() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collectState(String prefix, Module m, Map<String, Tensor> out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        m.parameters.forEach((k, v) -> out.put(join(prefix, k), v));
        m.buffers.forEach((k, v) -> out.put(join(prefix, k), v));
        for (Map.Entry<String, Module> c : m.children.entrySet()) {
            collectState(join(prefix, c.getKey()), c.getValue(), out, seen);
        }
    }

    /**
     * Copies the values of {@code state} into this module's parameters and buffers (cast to their dtypes), under
     * {@link GradMode#noGrad()}. Shapes must match exactly. With {@code strict}, the keys must match exactly too;
     * without it, missing and unexpected keys are reported in the result and the matching entries are loaded. On any
     * error nothing is loaded and a {@link StateDictMismatchException} lists every problem at once.
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        if (state == null) {
            throw new IllegalArgumentException(kind() + ".loadStateDict: state must not be null");
        }
        LinkedHashMap<String, Tensor> own = stateEntries();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> shapeErrors = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                shapeErrors.add(e.getKey() + ": checkpoint shape " + Arrays.toString(src.shape())
                        + ", module shape " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (String k : state.keySet()) {
            if (!own.containsKey(k)) {
                unexpected.add(k);
            }
        }
        if (!shapeErrors.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            throw new StateDictMismatchException(kind(), strict ? missing : List.of(),
                    strict ? unexpected : List.of(), shapeErrors);
        }
        try (var scope = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) {
                    e.getValue().copy_(src.detach());
                }
            }
        }
        return new LoadResult(missing, unexpected);
    }

    /** Writes {@link #stateDict()} to a safetensors file atomically (see {@link SafeTensors#write}). */
    public final void saveSafetensors(Path path) throws IOException {
        SafeTensors.write(path, stateDict(), Map.of("format", "pt"));
    }

    /** Loads parameters and buffers from a safetensors file with {@link #loadStateDict}. */
    public final LoadResult loadSafetensors(Path path, boolean strict) throws IOException {
        return loadStateDict(SafeTensors.read(path), strict);
    }

    // ------------------------------------------------------------------ copy

    /**
     * An independent deep copy of the whole tree (for target networks): new parameter and buffer tensors with the
     * same values, dtypes and {@code requiresGrad} (gradients are not copied), new child modules, the same hooks and
     * training mode. Fields of subclasses that refer to a registered parameter, buffer or submodule are rewired to the
     * copy; any other field (hyper-parameters, functions, unregistered objects) is shared with the original.
     * Sharing inside the tree is preserved: a tensor or module reachable twice is copied once.
     */
    public Module copy() {
        return deepCopy(new IdentityHashMap<>(), t -> t.detach().copy());
    }

    /**
     * This module with every parameter and buffer on {@code device} (the algorithm's networks on the GPU, say):
     * itself when they all are there already, else a {@link #copy()} whose tensors are moved copies (through host
     * arrays, {@link Tensor#to(Device)}). The original keeps its tensors, so build the optimizer on the result.
     */
    public Module to(Device device) {
        boolean there = stateEntries().values().stream().allMatch(t -> t.device().equals(device));
        return there ? this : deepCopy(new IdentityHashMap<>(),
                t -> t.device().equals(device) ? t.detach().copy() : t.detach().to(device));
    }

    private Module deepCopy(IdentityHashMap<Object, Object> memo, UnaryOperator<Tensor> copyOf) {
        Object done = memo.get(this);
        if (done != null) {
            return (Module) done;
        }
        Module c;
        try {
            c = (Module) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("Module is Cloneable", e);
        }
        memo.put(this, c);
        c.parameters = new LinkedHashMap<>();
        parameters.forEach((k, v) -> c.parameters.put(k, copyTensor(v, memo, copyOf)));
        c.buffers = new LinkedHashMap<>();
        buffers.forEach((k, v) -> c.buffers.put(k, copyTensor(v, memo, copyOf)));
        c.children = new LinkedHashMap<>();
        children.forEach((k, v) -> c.children.put(k, v.deepCopy(memo, copyOf)));
        c.hooks = new ArrayList<>(hooks);
        rewireFields(c, memo);
        return c;
    }

    private static Tensor copyTensor(Tensor t, IdentityHashMap<Object, Object> memo, UnaryOperator<Tensor> copyOf) {
        Object done = memo.get(t);
        if (done != null) {
            return (Tensor) done;
        }
        Tensor c = copyOf.apply(t);
        if (t.requiresGrad()) {
            c.setRequiresGrad(true);
        }
        memo.put(t, c);
        return c;
    }

    /** Points the subclass fields of {@code c} that hold copied objects at their copies. */
    private static void rewireFields(Module c, IdentityHashMap<Object, Object> memo) {
        for (Class<?> k = c.getClass(); k != Module.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object v = f.get(c);
                    Object replacement = v == null ? null : memo.get(v);
                    if (replacement != null) {
                        f.set(c, replacement);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("copy: cannot rewire field " + k.getName() + "." + f.getName()
                            + " of " + c.getClass().getName() + " to the copied tensors/modules", e);
                }
            }
        }
    }

    // ------------------------------------------------------------------ printing

    /** One line of constructor arguments for {@link #toString()} (e.g. {@code in=3, out=4, bias=true}). */
    protected String extraRepr() {
        return "";
    }

    /** The tree in PyTorch's style: {@code Sequential(\n  (0): Linear(in=3, out=4, bias=true)\n ...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> c : children.entrySet()) {
                String child = c.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(c.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
