package alf.data;

/**
 * Where a time step lies in its episode, as in ALF: the first observation after a reset, an intermediate
 * step, or the last step of an episode (termination or truncation). Stored in batched time steps as the
 * int32 {@link #code()}.
 */
public enum StepType {
    /** The first time step of an episode: reward 0, discount 1, no previous action. */
    FIRST(0),
    /** A time step inside an episode. */
    MID(1),
    /** The last time step of an episode; its discount tells termination (0) from truncation (1). */
    LAST(2);

    private final int code;

    StepType(int code) {
        this.code = code;
    }

    /** The integer stored in a batched {@code stepType} tensor. */
    public int code() {
        return code;
    }

    /** The step type with the given code. */
    public static StepType fromCode(int code) {
        return switch (code) {
            case 0 -> FIRST;
            case 1 -> MID;
            case 2 -> LAST;
            default -> throw new IllegalArgumentException("StepType: unknown code " + code + " (expected 0, 1 or 2)");
        };
    }
}
