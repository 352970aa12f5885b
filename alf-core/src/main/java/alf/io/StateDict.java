package alf.io;

import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed state tree of a {@link Stateful} component: an ordered dictionary whose values are tensors, longs,
 * doubles, booleans, strings, {@code long[]}/{@code double[]} arrays, nested dictionaries and lists of dictionaries.
 * Writers use the {@code put…} methods; readers use the typed getters, which fail with a {@link StateDictException}
 * naming the field's full path (for example {@code rngs/collect}) and the file it was read from when the field is
 * missing or holds another kind of value. Keys may not be empty, start with {@code $} or contain {@code /}.
 */
public final class StateDict {
    private final String path;
    private final String source;
    private final LinkedHashMap<String, Object> entries = new LinkedHashMap<>();

    /** A list of dictionaries (kept apart from other values so that reading it back needs no unchecked cast). */
    record DictList(List<StateDict> items) {
    }

    /** An empty dictionary at the root of a tree that was not read from a file. */
    public StateDict() {
        this("", null);
    }

    private StateDict(String path, String source) {
        this.path = path;
        this.source = source;
    }

    /** An empty root dictionary whose read errors name {@code source} (the file it is read from). */
    static StateDict readFrom(String source) {
        return new StateDict("", source);
    }

    /** An empty child of this dictionary, at {@code key}, for a reader (same source, longer path). */
    StateDict child(String key) {
        return new StateDict(pathOf(key), source);
    }

    /** A dictionary of the tensors of {@code tensors} (for example a module's {@code stateDict()}), in their order. */
    public static StateDict ofTensors(Map<String, Tensor> tensors) {
        StateDict d = new StateDict();
        tensors.forEach(d::putTensor);
        return d;
    }

    // ------------------------------------------------------------------ writing

    public StateDict putTensor(String key, Tensor value) {
        return put(key, value);
    }

    public StateDict putLong(String key, long value) {
        return put(key, value);
    }

    public StateDict putDouble(String key, double value) {
        return put(key, value);
    }

    public StateDict putBoolean(String key, boolean value) {
        return put(key, value);
    }

    public StateDict putString(String key, String value) {
        return put(key, value);
    }

    /** Stores a copy of {@code value}. */
    public StateDict putLongs(String key, long[] value) {
        return put(key, value.clone());
    }

    /** Stores a copy of {@code value}. */
    public StateDict putDoubles(String key, double[] value) {
        return put(key, value.clone());
    }

    public StateDict putDict(String key, StateDict value) {
        return put(key, value);
    }

    public StateDict putDicts(String key, List<StateDict> value) {
        return put(key, new DictList(List.copyOf(value)));
    }

    /** Removes the field {@code key} (if present); returns this dictionary. */
    public StateDict remove(String key) {
        entries.remove(key);
        return this;
    }

    /** Stores an already typed value (package use: the checkpoint decoder). */
    StateDict put(String key, Object value) {
        if (key == null || key.isEmpty() || key.startsWith("$") || key.contains("/")) {
            throw new IllegalArgumentException("state key '" + key + "' under '" + path
                    + "' may not be empty, start with '$' or contain '/'");
        }
        if (value == null) {
            throw new IllegalArgumentException("state field '" + pathOf(key) + "' may not be null");
        }
        entries.put(key, value);
        return this;
    }

    // ------------------------------------------------------------------ reading

    /** The keys, in insertion order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public int size() {
        return entries.size();
    }

    /** The full slash-separated path of this dictionary in its tree ("" at the root). */
    public String path() {
        return path;
    }

    public Tensor tensor(String key) {
        return get(key, Tensor.class, "a tensor");
    }

    public long getLong(String key) {
        return get(key, Long.class, "a long");
    }

    public double getDouble(String key) {
        return get(key, Double.class, "a double");
    }

    public boolean getBoolean(String key) {
        return get(key, Boolean.class, "a boolean");
    }

    public String string(String key) {
        return get(key, String.class, "a string");
    }

    /** A copy of the stored array. */
    public long[] longs(String key) {
        return get(key, long[].class, "a long array").clone();
    }

    /** A copy of the stored array. */
    public double[] doubles(String key) {
        return get(key, double[].class, "a double array").clone();
    }

    public StateDict dict(String key) {
        return get(key, StateDict.class, "a dictionary");
    }

    public List<StateDict> dicts(String key) {
        return get(key, DictList.class, "a list of dictionaries").items();
    }

    /** The scalar at {@code key}: a {@code Long}, {@code Double}, {@code Boolean} or {@code String}. */
    public Object scalar(String key) {
        Object v = get(key, Object.class, "a scalar");
        if (!(v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String)) {
            throw error(key, "is " + kindOf(v) + ", expected a scalar (long, double, boolean or string)");
        }
        return v;
    }

    /** The dictionary at {@code key} read as tensors by name (the inverse of {@link #ofTensors}). */
    public Map<String, Tensor> tensors(String key) {
        StateDict d = dict(key);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String k : d.keys()) {
            out.put(k, d.tensor(k));
        }
        return out;
    }

    /** The raw value at {@code key} (package use: the checkpoint encoder), or null. */
    Object raw(String key) {
        return entries.get(key);
    }

    /** An error about the field {@code key} of this dictionary ("" for the dictionary itself), naming its path and file. */
    public StateDictException error(String key, String problem) {
        return new StateDictException((source == null ? "" : source + ": ") + "state field '" + pathOf(key) + "' "
                + problem);
    }

    private <T> T get(String key, Class<T> type, String kind) {
        Object v = entries.get(key);
        if (v == null) {
            throw error(key, "is missing" + (entries.isEmpty() ? "" : " (present: " + keys() + ")"));
        }
        if (!type.isInstance(v)) {
            throw error(key, "is " + kindOf(v) + ", expected " + kind);
        }
        return type.cast(v);
    }

    private String pathOf(String key) {
        if (key.isEmpty()) {
            return path.isEmpty() ? "(root)" : path;
        }
        return path.isEmpty() ? key : path + "/" + key;
    }

    private static String kindOf(Object v) {
        if (v instanceof Tensor) {
            return "a tensor";
        } else if (v instanceof StateDict) {
            return "a dictionary";
        } else if (v instanceof DictList) {
            return "a list of dictionaries";
        } else if (v instanceof long[]) {
            return "a long array";
        } else if (v instanceof double[]) {
            return "a double array";
        }
        return "a " + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Where {@code expected} and {@code actual} first differ, as {@code path: what}, or empty when they hold the same
     * keys in the same order with identical values: tensors by dtype, shape and the exact bits of every element,
     * arrays element by element, nested dictionaries and lists recursively. For checks that two runs reached the
     * very same state (a resumed or replayed run against an uninterrupted or eager one).
     */
    public static Optional<String> firstDifference(StateDict expected, StateDict actual) {
        if (!new ArrayList<>(expected.keys()).equals(new ArrayList<>(actual.keys()))) {
            return Optional.of(expected.pathOf("") + ": keys " + expected.keys() + " vs " + actual.keys());
        }
        for (String key : expected.keys()) {
            Optional<String> d = valueDifference(expected.entries.get(key), actual.entries.get(key));
            if (d.isPresent()) {
                return Optional.of(expected.pathOf(key) + ": " + d.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> valueDifference(Object e, Object a) {
        if (e instanceof StateDict ed && a instanceof StateDict ad) {
            return firstDifference(ed, ad);
        }
        if (e instanceof DictList el && a instanceof DictList al) {
            if (el.items().size() != al.items().size()) {
                return Optional.of(el.items().size() + " vs " + al.items().size() + " dictionaries");
            }
            for (int i = 0; i < el.items().size(); i++) {
                Optional<String> d = firstDifference(el.items().get(i), al.items().get(i));
                if (d.isPresent()) {
                    return Optional.of("[" + i + "] " + d.get());
                }
            }
            return Optional.empty();
        }
        if (e instanceof Tensor et && a instanceof Tensor at) {
            return tensorDifference(et, at);
        }
        if (e instanceof long[] el && a instanceof long[] al) {
            return java.util.Arrays.equals(el, al) ? Optional.empty() : Optional.of("long arrays differ");
        }
        if (e instanceof double[] el && a instanceof double[] al) {
            // Arrays.equals on doubles compares bit patterns (doubleToLongBits), as the tensors below
            return java.util.Arrays.equals(el, al) ? Optional.empty() : Optional.of("double arrays differ");
        }
        return e.equals(a) ? Optional.empty() : Optional.of(e + " (" + kindOf(e) + ") vs " + a + " (" + kindOf(a) + ")");
    }

    private static Optional<String> tensorDifference(Tensor e, Tensor a) {
        if (e.dtype() != a.dtype() || !java.util.Arrays.equals(e.shape(), a.shape())) {
            return Optional.of(e.dtype() + java.util.Arrays.toString(e.shape()) + " vs " + a.dtype()
                    + java.util.Arrays.toString(a.shape()));
        }
        if (e.dtype().isFloatingPoint()) {
            double[] ev = e.toDoubleArray();
            double[] av = a.toDoubleArray();
            for (int i = 0; i < ev.length; i++) {
                if (Double.doubleToRawLongBits(ev[i]) != Double.doubleToRawLongBits(av[i])) {
                    return Optional.of("element " + i + ": " + ev[i] + " vs " + av[i]);
                }
            }
            return Optional.empty();
        }
        return java.util.Arrays.equals(e.toLongArray(), a.toLongArray()) ? Optional.empty()
                : Optional.of("integer elements differ");
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        entries.forEach((k, v) -> parts.add(k + "=" + kindOf(v)));
        return "StateDict" + parts;
    }
}
