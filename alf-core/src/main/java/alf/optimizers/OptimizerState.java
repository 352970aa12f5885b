package alf.optimizers;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to resume an optimizer bit-identically ({@link Optimizer#stateDict()},
 * {@link Optimizer#loadStateDict}): the optimizer's class name, its step count (the LR-schedule key), its own
 * hyper-parameters (numbers and booleans), and per group the group hyper-parameters and per-parameter state.
 * Only strings, numbers, booleans, lists, maps and tensors: a checkpoint writer can store it as JSON plus tensors.
 */
public record OptimizerState(String optimizer, long stepCount, Map<String, Object> hyperParameters,
                             List<GroupState> groups) {

    public OptimizerState {
        if (optimizer == null || optimizer.isEmpty()) {
            throw new IllegalArgumentException("OptimizerState: optimizer name is missing");
        }
        if (stepCount < 0) {
            throw new IllegalArgumentException("OptimizerState: stepCount must be >= 0, got " + stepCount);
        }
        hyperParameters = Map.copyOf(hyperParameters);
        groups = List.copyOf(groups);
    }
}
