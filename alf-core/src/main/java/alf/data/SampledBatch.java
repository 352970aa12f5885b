package alf.data;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A batch drawn from a replay buffer: the transitions, the buffer slots they came from (so that the learner's new
 * priorities can be written back) and their importance-sampling weights.
 *
 * @param experience the N transitions
 * @param indices    [N] int64 buffer slots of the rows, or null when the batch did not come from a buffer
 * @param weights    [N] float32 importance-sampling weights wᵢ to multiply each sample's loss with, or null for uniform
 *                   replay (every wᵢ = 1, and a learner must then give the very same results as without weights)
 */
public record SampledBatch(Experience experience, Tensor indices, Tensor weights) {

    /** Checks that indices and weights, when present, are [N] of the right dtypes. */
    public SampledBatch {
        Objects.requireNonNull(experience, "experience");
        int n = experience.size();
        if (indices != null && (indices.dtype() != DType.INT64 || indices.dim() != 1 || indices.size(0) != n)) {
            throw new IllegalArgumentException("SampledBatch: indices must be int64 [" + n + "], got "
                    + indices.dtype() + " " + Arrays.toString(indices.shape()));
        }
        if (weights != null && (weights.dtype() != DType.FLOAT32 || weights.dim() != 1 || weights.size(0) != n)) {
            throw new IllegalArgumentException("SampledBatch: weights must be float32 [" + n + "], got "
                    + weights.dtype() + " " + Arrays.toString(weights.shape()));
        }
    }

    /** An unweighted batch that did not come from a buffer (no slots to update). */
    public static SampledBatch uniform(Experience experience) {
        return new SampledBatch(experience, null, null);
    }

    /** Whether the batch carries importance-sampling weights. */
    public boolean weighted() {
        return weights != null;
    }

    /** Number of transitions N. */
    public int size() {
        return experience.size();
    }
}
