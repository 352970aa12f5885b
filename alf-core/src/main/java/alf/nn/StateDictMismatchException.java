package alf.nn;

import java.util.List;

/**
 * Thrown by {@link Module#loadStateDict} when a state does not fit the module; the message lists every missing key,
 * unexpected key and shape mismatch at once, and so do the accessors.
 */
public final class StateDictMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> missingKeys;
    private final List<String> unexpectedKeys;
    private final List<String> shapeMismatches;

    StateDictMismatchException(String module, List<String> missingKeys, List<String> unexpectedKeys,
            List<String> shapeMismatches) {
        super(message(module, missingKeys, unexpectedKeys, shapeMismatches));
        this.missingKeys = List.copyOf(missingKeys);
        this.unexpectedKeys = List.copyOf(unexpectedKeys);
        this.shapeMismatches = List.copyOf(shapeMismatches);
    }

    private static String message(String module, List<String> missing, List<String> unexpected,
            List<String> shapes) {
        StringBuilder sb = new StringBuilder("Error(s) in loading state dict for ").append(module).append(':');
        if (!missing.isEmpty()) {
            sb.append("\n  missing keys: ").append(String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n  unexpected keys: ").append(String.join(", ", unexpected));
        }
        for (String s : shapes) {
            sb.append("\n  size mismatch for ").append(s);
        }
        return sb.toString();
    }

    /** Keys the module has but the state lacked (strict loads only). */
    public List<String> missingKeys() {
        return missingKeys;
    }

    /** Keys the state had but the module lacks (strict loads only). */
    public List<String> unexpectedKeys() {
        return unexpectedKeys;
    }

    /** One entry per key whose shapes differ: {@code name: checkpoint shape [..], module shape [..]}. */
    public List<String> shapeMismatches() {
        return shapeMismatches;
    }
}
