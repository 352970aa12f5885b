package alf.tensor.cuda;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The condition every GPU-only test class carries ({@code @ExtendWith(GpuAssumption.class)}): where CUDA is unusable
 * the class is skipped, and the report shows the driver's reason.
 */
public final class GpuAssumption implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return CudaProbe.unavailableReason()
                .map(reason -> ConditionEvaluationResult.disabled("no usable GPU: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("a GPU is usable"));
    }
}
