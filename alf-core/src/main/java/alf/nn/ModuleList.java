package alf.nn;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * A list of modules that registers them ({@code torch.nn.ModuleList}), under the names "0", "1", …: their
 * parameters are in the owner's {@link Module#parameters()} and state dict. Use it instead of a plain
 * {@code List<Module>} field, whose modules the owner would not see (see {@link Module}). It has no forward: the owner
 * decides how to call the modules (e.g. the twin critics of SAC).
 *
 * @param <M> the type of the modules held
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {

    /** A list holding {@code modules} in order. */
    @SafeVarargs
    public ModuleList(M... modules) {
        for (M m : modules) {
            add(m);
        }
    }

    /** A list holding {@code modules} in iteration order. */
    public ModuleList(Collection<? extends M> modules) {
        for (M m : modules) {
            add(m);
        }
    }

    /** Appends {@code module}; returns this. */
    public ModuleList<M> add(M module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    /** The module at {@code index} (0-based, negative counts from the end). */
    @SuppressWarnings("unchecked")
    public M get(int index) {
        List<Module> all = children();
        int i = index < 0 ? index + all.size() : index;
        if (i < 0 || i >= all.size()) {
            throw new IndexOutOfBoundsException("ModuleList: index " + index + " out of range for " + all.size()
                    + " modules");
        }
        return (M) all.get(i);
    }

    public int size() {
        return namedChildren().size();
    }

    /** The modules in order (an unmodifiable snapshot). */
    @SuppressWarnings("unchecked")
    public List<M> asList() {
        return (List<M>) (List<?>) children();
    }

    @Override
    public Iterator<M> iterator() {
        return asList().iterator();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ModuleList<M> copy() {
        return (ModuleList<M>) super.copy();
    }
}
