package alf.data;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A batch of one-step transitions (s, a, r, γ-mask, s'), the unit stored in and sampled from a
 * {@link ReplayBuffer}.
 *
 * @param observation     [N, ...] observation s before the action
 * @param action          [N, ...] action a taken in s
 * @param reward          [N] reward of the transition
 * @param discount        [N] 0 when s' is terminal (no bootstrapping), 1 otherwise (also at a time limit)
 * @param nextObservation [N, ...] observation s' after the action
 */
public record Experience(Tensor observation, Tensor action, Tensor reward, Tensor discount, Tensor nextObservation) {

    /** Checks that every field has the same leading size N and that reward and discount are [N]. */
    public Experience {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(discount, "discount");
        Objects.requireNonNull(nextObservation, "nextObservation");
        int n = observation.dim() == 0 ? -1 : observation.size(0);
        for (Tensor t : new Tensor[] {action, reward, discount, nextObservation}) {
            if (t.dim() == 0 || t.size(0) != n) {
                throw new IllegalArgumentException("Experience: fields disagree on the batch size: observation "
                        + Arrays.toString(observation.shape()) + ", action " + Arrays.toString(action.shape())
                        + ", reward " + Arrays.toString(reward.shape()) + ", discount "
                        + Arrays.toString(discount.shape()) + ", nextObservation "
                        + Arrays.toString(nextObservation.shape()));
            }
        }
        if (reward.dim() != 1 || discount.dim() != 1) {
            throw new IllegalArgumentException("Experience: reward and discount must be [N], got "
                    + Arrays.toString(reward.shape()) + " and " + Arrays.toString(discount.shape()));
        }
    }

    /** Number of transitions N. */
    public int size() {
        return reward.size(0);
    }

    /**
     * The transitions from {@code previous} to {@code next} under {@code action}, skipping rows where the previous
     * step was LAST (there the environment ignored the action and started a new episode).
     */
    public static Experience fromSteps(TimeStep previous, Tensor action, TimeStep next) {
        Experience all = new Experience(previous.observation(), action, next.reward(), next.discount(),
                next.observation());
        Tensor types = previous.stepType();
        int n = types.size(0);
        int kept = 0;
        long[] rows = null; // made only at an episode boundary: most steps keep every row and allocate nothing here
        for (int i = 0; i < n; i++) {
            int code = (int) types.getLong(i);
            boolean last = StepType.fromCode(code) == StepType.LAST;
            if (last && rows == null) {
                rows = new long[n];
                for (int k = 0; k < i; k++) {
                    rows[k] = k;
                }
            }
            if (!last) {
                if (rows != null) {
                    rows[kept] = i;
                }
                kept++;
            }
        }
        return rows == null ? all : all.select(Tensor.of(Arrays.copyOf(rows, kept)));
    }

    /** The transitions at the given int64 row indices. */
    public Experience select(Tensor rows) {
        if (rows.dtype() != DType.INT64 && rows.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Experience.select: row indices must be integral, got " + rows.dtype());
        }
        return new Experience(observation.indexSelect(0, rows), action.indexSelect(0, rows),
                reward.indexSelect(0, rows), discount.indexSelect(0, rows), nextObservation.indexSelect(0, rows));
    }
}
