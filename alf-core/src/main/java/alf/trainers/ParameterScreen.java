package alf.trainers;

import alf.tensor.Tensor;
import java.util.List;

/**
 * Screens the trained parameters for NaN and ±∞ after an update with each one's backend ({@code Backend.allFinite}):
 * exact, and on the CPU a scan of the contiguous storage in place, without copying or allocating.
 */
final class ParameterScreen {
    private boolean[] flagged = new boolean[0];

    /**
     * Screens every tensor of {@code current}, in order; read the outcome with {@link #flagged(int)}.
     *
     * @return whether any parameter holds a NaN or an infinity
     */
    boolean screen(List<Tensor> current) {
        if (flagged.length != current.size()) {
            flagged = new boolean[current.size()];
        }
        boolean any = false;
        for (int i = 0; i < flagged.length; i++) {
            Tensor parameter = current.get(i);
            flagged[i] = !parameter.backend().allFinite(parameter);
            any |= flagged[i];
        }
        return any;
    }

    /** Whether parameter {@code i} of the latest {@link #screen} holds a NaN or an infinity. */
    boolean flagged(int i) {
        return flagged[i];
    }
}
