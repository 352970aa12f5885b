package alf.experiments.sweep;

import java.util.List;

/**
 * One choice along a sweep axis: a label (a variant's name, or {@code key=value} for a grid value) and the
 * {@code Key=Value} overrides it applies to the base configuration.
 *
 * @param label  how the choice is shown in tables, plots and directory names
 * @param params HOCON {@code Key=Value} overrides, applied in order (later wins)
 */
public record SweepOption(String label, List<String> params) {

    public SweepOption {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a sweep option needs a non-blank label, got '" + label + "'");
        }
        params = List.copyOf(params);
    }
}
