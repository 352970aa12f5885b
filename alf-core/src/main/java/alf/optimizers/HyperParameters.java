package alf.optimizers;

/** Argument checks shared by the optimizers, schedules and clippers; every message names the owner and the value. */
final class HyperParameters {

    private HyperParameters() {
    }

    static void requireNonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be finite and >= 0, got " + value);
        }
    }

    static void requirePositive(String owner, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be finite and > 0, got " + value);
        }
    }

    /** A decay rate of a moving average: 0 ≤ beta &lt; 1. */
    static void requireBeta(String owner, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be in [0, 1), got " + value);
        }
    }

    static void requireStep(String owner, long step) {
        if (step < 0) {
            throw new IllegalArgumentException(owner + ": step must be >= 0, got " + step);
        }
    }
}
