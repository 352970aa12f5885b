package alf.nn;

import alf.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Modules run one after another, each on the previous one's output ({@code torch.nn.Sequential}). Entries are named
 * {@code "0"}, {@code "1"}, … (so parameter names match PyTorch's, e.g. {@code 2.weight}) or by the names given.
 * Each entry is run through {@link Module#call}, so its hooks fire.
 */
public class Sequential extends Module {

    /** Entries named by position: "0", "1", …. */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** Entries with the given names, in the map's iteration order (use a {@link java.util.LinkedHashMap}). */
    public Sequential(Map<String, ? extends Module> namedModules) {
        namedModules.forEach(this::append);
    }

    /** Appends {@code module} under the name of its position; returns this. */
    public Sequential append(Module module) {
        return append(Integer.toString(size()), module);
    }

    /** Appends {@code module} under {@code name}; returns this. */
    public Sequential append(String name, Module module) {
        registerModule(name, module);
        return this;
    }

    /** The number of entries. */
    public int size() {
        return namedChildren().size();
    }

    /** The entry at {@code index} (0-based, negative counts from the end). */
    public Module get(int index) {
        List<Module> all = children();
        int i = index < 0 ? index + all.size() : index;
        if (i < 0 || i >= all.size()) {
            throw new IndexOutOfBoundsException("Sequential: index " + index + " out of range for " + all.size()
                    + " entries");
        }
        return all.get(i);
    }

    /** The entry named {@code name}. */
    public Module get(String name) {
        Module m = namedChildren().get(name);
        if (m == null) {
            throw new IllegalArgumentException("Sequential: no entry named '" + name + "'; entries: "
                    + namedChildren().keySet());
        }
        return m;
    }

    /**
     * Runs the entries in order. A {@link Linear} with a bias followed by a {@link ReLU}, neither with hooks, runs as
     * one fused layer ({@link Tensor#linearRelu}: product, bias and ReLU in one kernel where the backend fuses them):
     * the same values and gradients, bit for bit, in fewer passes.
     */
    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        Module[] entries = namedChildren().values().toArray(new Module[0]);
        for (int i = 0; i < entries.length; i++) {
            Module m = entries[i];
            if (i + 1 < entries.length && m instanceof Linear linear && linear.fusesRelu()
                    && entries[i + 1] instanceof ReLU relu && !relu.hasHooks()) {
                y = linear.forwardRelu(y);
                i++;
            } else {
                y = m.call(y);
            }
        }
        return y;
    }

    @Override
    public Sequential copy() {
        return (Sequential) super.copy();
    }
}
