package alf.experiments.sweep;

import java.util.List;

/**
 * One dimension of a sweep: its name (a config key for a grid axis, {@code variant} for named variants) and the
 * options tried along it. The sweep runs the cartesian product of its axes.
 *
 * @param name    what varies along the axis
 * @param options the choices, in the order they are run and reported
 */
public record SweepAxis(String name, List<SweepOption> options) {

    public SweepAxis {
        if (options == null || options.isEmpty()) {
            throw new IllegalArgumentException("sweep axis '" + name + "' has no values");
        }
        options = List.copyOf(options);
    }
}
