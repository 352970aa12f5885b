package alf.optimizers;

import alf.io.StateDict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's own scalar hyper-parameters by name (for example Adam's {@code beta1}, {@code eps} and
 * {@code amsgrad}): numbers and flags, each in a fixed order. Saved with the optimizer's state and compared on
 * {@link Optimizer#loadStateDict}, so a checkpoint is never resumed under other settings.
 *
 * @param numbers name → value of the numeric hyper-parameters
 * @param flags   name → value of the boolean hyper-parameters
 */
public record OptimizerSettings(Map<String, Double> numbers, Map<String, Boolean> flags) {

    public OptimizerSettings {
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags));
        for (String name : numbers.keySet()) {
            if (flags.containsKey(name)) {
                throw new IllegalArgumentException("OptimizerSettings: '" + name + "' is both a number and a flag");
            }
        }
    }

    /** The value of {@code name} (a {@code Double} or a {@code Boolean}), or null when there is none. */
    public Object get(String name) {
        return numbers.containsKey(name) ? numbers.get(name) : flags.get(name);
    }

    /**
     * The first hyper-parameter whose value differs in {@code saved} (or that {@code saved} lacks), described as
     * {@code "<name> is <here> here but <there> in the saved state"}; null when all of these are equal.
     */
    String firstDifferenceFrom(OptimizerSettings saved) {
        for (String name : numbers.keySet()) {
            if (!numbers.get(name).equals(saved.get(name))) {
                return name + " is " + numbers.get(name) + " here but " + saved.get(name) + " in the saved state";
            }
        }
        for (String name : flags.keySet()) {
            if (!flags.get(name).equals(saved.get(name))) {
                return name + " is " + flags.get(name) + " here but " + saved.get(name) + " in the saved state";
            }
        }
        return null;
    }

    /** These hyper-parameters as a checkpoint dictionary (numbers as doubles, flags as booleans). */
    public StateDict toStateDict() {
        StateDict d = new StateDict();
        numbers.forEach(d::putDouble);
        flags.forEach(d::putBoolean);
        return d;
    }

    /** The inverse of {@link #toStateDict()}. */
    public static OptimizerSettings fromStateDict(StateDict d) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (String name : d.keys()) {
            if (d.scalar(name) instanceof Boolean) {
                flags.put(name, d.getBoolean(name));
            } else {
                numbers.put(name, d.getDouble(name));
            }
        }
        return new OptimizerSettings(numbers, flags);
    }
}
