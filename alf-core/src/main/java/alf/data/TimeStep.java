package alf.data;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * One batched time step returned by an {@link alf.rl.Environment}, as in ALF's
 * {@code TimeStep}. Every field has a leading batch dimension {@code B}.
 *
 * @param stepType    [B] INT32 codes of {@link StepType} (FIRST 0, MID 1, LAST 2)
 * @param reward      [B] reward of the transition into this step (0 for FIRST)
 * @param discount    [B] 0 where the episode terminated, 1 otherwise (also 1 at a truncation such as a time
 *                    limit, so a value function keeps bootstrapping there)
 * @param observation [B, ...] the observation after the transition
 * @param prevAction  [B, ...] the action that led to this step (zeros for FIRST)
 * @param envId       [B] INT32 index of the sub-environment each row came from
 *
 * <p>The record's fields never change, but an environment may overwrite the values of their tensors later: a time
 * step from {@link alf.rl.Environment#reset()} or {@link alf.rl.Environment#step} is valid until the second following
 * call on that environment (see the rule there). Keep a {@link #copy()} to hold one longer.
 */
public record TimeStep(Tensor stepType, Tensor reward, Tensor discount, Tensor observation, Tensor prevAction,
                       Tensor envId) {

    /** Checks that every field is present, batched with the same size, and that the index fields are INT32. */
    public TimeStep {
        Objects.requireNonNull(stepType, "stepType");
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(discount, "discount");
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(prevAction, "prevAction");
        Objects.requireNonNull(envId, "envId");
        if (stepType.dtype() != DType.INT32 || envId.dtype() != DType.INT32) {
            throw new IllegalArgumentException("TimeStep: stepType and envId must be INT32, got "
                    + stepType.dtype() + " and " + envId.dtype());
        }
        requireVector("stepType", stepType);
        int b = stepType.size(0);
        requireBatch("reward", reward, b, true);
        requireBatch("discount", discount, b, true);
        requireBatch("envId", envId, b, true);
        requireBatch("observation", observation, b, false);
        requireBatch("prevAction", prevAction, b, false);
    }

    private static void requireVector(String field, Tensor t) {
        if (t.dim() != 1) {
            throw new IllegalArgumentException("TimeStep: " + field + " must have shape [B], got "
                    + Arrays.toString(t.shape()));
        }
    }

    private static void requireBatch(String field, Tensor t, int b, boolean vector) {
        if (vector) {
            requireVector(field, t);
        }
        if (t.dim() < 1 || t.size(0) != b) {
            throw new IllegalArgumentException("TimeStep: " + field + " has shape " + Arrays.toString(t.shape())
                    + " but the batch size (from stepType) is " + b);
        }
    }

    /** The batch size B. */
    public int batchSize() {
        return stepType.size(0);
    }

    /** The step type of row {@code i}. */
    public StepType stepType(int i) {
        return StepType.fromCode((int) stepType.getLong(i));
    }

    /** The step types of all rows, in batch order. */
    public StepType[] stepTypes() {
        int[] codes = stepType.toIntArray();
        StepType[] out = new StepType[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = StepType.fromCode(codes[i]);
        }
        return out;
    }

    /** Whether row {@code i} is the first step of an episode. */
    public boolean isFirst(int i) {
        return stepType(i) == StepType.FIRST;
    }

    /** Whether row {@code i} is the last step of an episode. */
    public boolean isLast(int i) {
        return stepType(i) == StepType.LAST;
    }

    /**
     * A deep copy: every field in fresh tensors of its own (same values, shapes and dtypes), so that it stays valid
     * whatever the environment that returned this one does next.
     */
    public TimeStep copy() {
        return new TimeStep(stepType.copy(), reward.copy(), discount.copy(), observation.copy(), prevAction.copy(),
                envId.copy());
    }

    /** A copy with another observation (same batch size). */
    public TimeStep withObservation(Tensor newObservation) {
        return new TimeStep(stepType, reward, discount, newObservation, prevAction, envId);
    }

    /** A copy with another reward (same batch size). */
    public TimeStep withReward(Tensor newReward) {
        return new TimeStep(stepType, newReward, discount, observation, prevAction, envId);
    }

    /** A copy with another previous action (same batch size). */
    public TimeStep withPrevAction(Tensor newPrevAction) {
        return new TimeStep(stepType, reward, discount, observation, newPrevAction, envId);
    }
}
