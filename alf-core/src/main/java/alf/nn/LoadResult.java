package alf.nn;

import java.util.List;

/**
 * What a non-strict {@link Module#loadStateDict} could not match (PyTorch's {@code _IncompatibleKeys}).
 *
 * @param missingKeys    keys of the module that the given state did not contain (left unchanged)
 * @param unexpectedKeys keys of the given state that the module does not have (ignored)
 */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    public LoadResult {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
    }

    /** True when every key matched. */
    public boolean isExactMatch() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
    }
}
