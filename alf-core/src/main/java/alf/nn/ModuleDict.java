package alf.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A map from names to modules that registers them ({@code torch.nn.ModuleDict}), in insertion order: their parameters
 * are in the owner's {@link Module#parameters()} as {@code dictName.key.weight}. Use it instead of a plain
 * {@code Map<String, Module>} field, whose modules the owner would not see (see {@link Module}). It has no forward.
 *
 * @param <M> the type of the modules held
 */
public final class ModuleDict<M extends Module> extends Module {

    /** An empty dict. */
    public ModuleDict() {
    }

    /** A dict holding {@code modules} in the map's iteration order (use a {@link LinkedHashMap}). */
    public ModuleDict(Map<String, ? extends M> modules) {
        modules.forEach(this::put);
    }

    /**
     * Adds {@code module} under {@code key}, or replaces the module already there (keeping its position, as a
     * Python dict does); returns this. Keys follow the module naming rules (non-empty, no dots).
     */
    public ModuleDict<M> put(String key, M module) {
        if (namedChildren().containsKey(key)) {
            replaceModule(key, module);
        } else {
            registerModule(key, module);
        }
        return this;
    }

    /** The module under {@code key}. */
    @SuppressWarnings("unchecked")
    public M get(String key) {
        Module m = namedChildren().get(key);
        if (m == null) {
            throw new IllegalArgumentException("ModuleDict: no module under key '" + key + "'; keys: "
                    + namedChildren().keySet());
        }
        return (M) m;
    }

    public boolean containsKey(String key) {
        return namedChildren().containsKey(key);
    }

    /** The keys in insertion order. */
    public Set<String> keys() {
        return namedChildren().keySet();
    }

    public int size() {
        return namedChildren().size();
    }

    /** The entries in insertion order (unmodifiable). */
    @SuppressWarnings("unchecked")
    public Map<String, M> asMap() {
        return Collections.unmodifiableMap((Map<String, M>) (Map<String, ?>) namedChildren());
    }

    @Override
    @SuppressWarnings("unchecked")
    public ModuleDict<M> copy() {
        return (ModuleDict<M>) super.copy();
    }
}
