package alf.tensor.cuda;

/** The error codes the kernels record in {@code alf_error} (alf_kernels.cu), as sentences. */
final class KernelError {
    static final int INDEX = 1;
    static final int INTEGER_DIVISION_BY_ZERO = 2;
    static final int NEGATIVE_INTEGER_POWER = 3;

    private KernelError() {
    }

    /**
     * The exception for an error word (code, offending value, bound), of the type the CPU backend throws for the same
     * fault: {@link IndexOutOfBoundsException} for an index, {@link ArithmeticException} for integer arithmetic.
     */
    static RuntimeException toException(int code, int value, int bound) {
        String message = describe(code, value, bound);
        return switch (code) {
            case INDEX -> new IndexOutOfBoundsException(message);
            case INTEGER_DIVISION_BY_ZERO, NEGATIVE_INTEGER_POWER -> new ArithmeticException(message);
            default -> new IllegalStateException(message);
        };
    }

    /** The sentence for an error word (code, offending value, bound). */
    static String describe(int code, int value, int bound) {
        String where = " (raised by a cuda kernel, reported at the next synchronisation of the stream)";
        return switch (code) {
            case INDEX -> "index " + value + " is out of range for a dimension of size " + bound
                    + " in gather, scatterAdd or indexSelect" + where;
            case INTEGER_DIVISION_BY_ZERO -> "integer division by zero in div, floor_divide or remainder" + where;
            case NEGATIVE_INTEGER_POWER -> "integers to negative integer powers are not allowed (exponent " + value
                    + ")" + where;
            default -> "unknown cuda kernel error code " + code + where;
        };
    }
}
