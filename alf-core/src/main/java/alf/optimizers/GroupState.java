package alf.optimizers;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one parameter group in an {@link OptimizerState}: its hyper-parameters ({@code lr}, the rate its
 * schedule gives for the next step, and {@code weightDecay}) and the state of each parameter, in parameter order.
 */
public record GroupState(Map<String, Double> hyperParameters, List<SavedParameterState> parameters) {

    public GroupState {
        hyperParameters = Map.copyOf(hyperParameters);
        parameters = List.copyOf(parameters);
    }
}
