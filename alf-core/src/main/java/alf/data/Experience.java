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
        checkBatch(observation, action, reward, discount, nextObservation);
    }

    /**
     * Checks that the five fields of a batch of transitions have the same leading size N and that reward and discount
     * are [N] (the rule of the canonical constructor, for code that holds the fields without the record).
     */
    static void checkBatch(Tensor observation, Tensor action, Tensor reward, Tensor discount,
                           Tensor nextObservation) {
        int n = observation.dim() == 0 ? -1 : observation.size(0);
        if (!hasRows(action, n) || !hasRows(reward, n) || !hasRows(discount, n) || !hasRows(nextObservation, n)) {
            throw new IllegalArgumentException("Experience: fields disagree on the batch size: observation "
                    + Arrays.toString(observation.shape()) + ", action " + Arrays.toString(action.shape())
                    + ", reward " + Arrays.toString(reward.shape()) + ", discount "
                    + Arrays.toString(discount.shape()) + ", nextObservation "
                    + Arrays.toString(nextObservation.shape()));
        }
        if (reward.dim() != 1 || discount.dim() != 1) {
            throw new IllegalArgumentException("Experience: reward and discount must be [N], got "
                    + Arrays.toString(reward.shape()) + " and " + Arrays.toString(discount.shape()));
        }
    }

    private static boolean hasRows(Tensor t, int n) {
        return t.dim() > 0 && t.size(0) == n;
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
        if (keepsEveryRow(previous)) {
            return all;
        }
        // an episode boundary: keep the rows whose previous step was not LAST
        int n = previous.batchSize();
        long[] rows = new long[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!previous.isLast(i)) {
                rows[kept++] = i;
            }
        }
        return all.select(Tensor.of(Arrays.copyOf(rows, kept)));
    }

    /** Whether no row of {@code previous} is LAST, so that every transition from it is kept ({@link #fromSteps}). */
    private static boolean keepsEveryRow(TimeStep previous) {
        for (int i = 0; i < previous.batchSize(); i++) {
            if (previous.isLast(i)) {
                return false;
            }
        }
        return true;
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
