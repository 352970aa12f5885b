package alf.optimizers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one parameter group in an {@link OptimizerState}: its hyper-parameters ({@code lr}, the rate its
 * schedule gives for the next step, and {@code weightDecay}) and the state of each parameter, in parameter order.
 * Maps keep the order they were given in, so a checkpoint's JSON is the same bytes in every JVM run.
 */
public record GroupState(Map<String, Double> hyperParameters, List<SavedParameterState> parameters) {

    public GroupState {
        hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
        parameters = List.copyOf(parameters);
    }
}
