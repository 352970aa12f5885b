package alf.tensor;

/**
 * Elementwise kernels of two inputs that every backend implements. Inputs arrive already broadcast to the output
 * shape and cast to the computation dtype; {@link #apply(double, double)} is the reference definition and
 * {@link #applyLong(long, long)} the exact integral one.
 */
public enum BinaryOp {
    ADD { public double apply(double a, double b) { return a + b; } public long applyLong(long a, long b) { return a + b; } },
    SUB { public double apply(double a, double b) { return a - b; } public long applyLong(long a, long b) { return a - b; } },
    MUL { public double apply(double a, double b) { return a * b; } public long applyLong(long a, long b) { return a * b; } },
    /** True division (integral operands are promoted to float before reaching the kernel). */
    DIV { public double apply(double a, double b) { return a / b; } public long applyLong(long a, long b) { return a / b; } },
    /**
     * Floored division, as Python's {@code //} and torch.div(rounding_mode='floor'): computed from the exact remainder
     * fmod(a, b) (PyTorch's div_floor), so 1.0 // 0.1 is 9 like Python, not floor(1.0 / 0.1) = 10.
     */
    FLOOR_DIV {
        public double apply(double a, double b) {
            if (b == 0) {
                return a / b;
            }
            double mod = a % b;
            double div = (a - mod) / b;
            if (mod != 0 && (b < 0) != (mod < 0)) {
                div -= 1.0;
            }
            if (div == 0) {
                return Math.copySign(0.0, a / b);
            }
            double floor = Math.floor(div);
            if (div - floor > 0.5) {
                floor += 1.0;
            }
            return floor;
        }
        public long applyLong(long a, long b) {
            if (b == 0) {
                throw new ArithmeticException("integer division by zero in floor_divide");
            }
            return Math.floorDiv(a, b);
        }
    },
    /** Floored remainder with the sign of the divisor, as Python's {@code %} and torch.remainder. */
    REMAINDER {
        public double apply(double a, double b) {
            double r = a % b;
            return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
        }
        public long applyLong(long a, long b) {
            if (b == 0) {
                throw new ArithmeticException("integer division by zero in remainder");
            }
            return Math.floorMod(a, b);
        }
    },
    POW {
        public double apply(double a, double b) { return Math.pow(a, b); }
        public long applyLong(long a, long b) {
            if (b < 0) {
                throw new ArithmeticException("integers to negative integer powers are not allowed");
            }
            long r = 1;
            long base = a;
            long e = b;
            while (e > 0) {
                if ((e & 1) != 0) {
                    r *= base;
                }
                base *= base;
                e >>= 1;
            }
            return r;
        }
    },
    /** Elementwise maximum; NaN propagates (torch.maximum). */
    MAXIMUM {
        public double apply(double a, double b) { return (Double.isNaN(a) || Double.isNaN(b)) ? Double.NaN : Math.max(a, b); }
        public long applyLong(long a, long b) { return Math.max(a, b); }
    },
    /** Elementwise minimum; NaN propagates (torch.minimum). */
    MINIMUM {
        public double apply(double a, double b) { return (Double.isNaN(a) || Double.isNaN(b)) ? Double.NaN : Math.min(a, b); }
        public long applyLong(long a, long b) { return Math.min(a, b); }
    },
    ATAN2 { public double apply(double a, double b) { return Math.atan2(a, b); } public long applyLong(long a, long b) { throw new UnsupportedOperationException(); } },
    /** Gradient of relu: {@code b > 0 ? a : 0} with a = incoming gradient, b = relu input (threshold_backward). */
    RELU_BACKWARD { public double apply(double a, double b) { return b > 0 ? a : 0.0; } public long applyLong(long a, long b) { return b > 0 ? a : 0; } },
    EQ { public double apply(double a, double b) { return a == b ? 1 : 0; } public long applyLong(long a, long b) { return a == b ? 1 : 0; } },
    NE { public double apply(double a, double b) { return a != b ? 1 : 0; } public long applyLong(long a, long b) { return a != b ? 1 : 0; } },
    LT { public double apply(double a, double b) { return a < b ? 1 : 0; } public long applyLong(long a, long b) { return a < b ? 1 : 0; } },
    LE { public double apply(double a, double b) { return a <= b ? 1 : 0; } public long applyLong(long a, long b) { return a <= b ? 1 : 0; } },
    GT { public double apply(double a, double b) { return a > b ? 1 : 0; } public long applyLong(long a, long b) { return a > b ? 1 : 0; } },
    GE { public double apply(double a, double b) { return a >= b ? 1 : 0; } public long applyLong(long a, long b) { return a >= b ? 1 : 0; } },
    LOGICAL_AND { public double apply(double a, double b) { return (a != 0 && b != 0) ? 1 : 0; } public long applyLong(long a, long b) { return (a != 0 && b != 0) ? 1 : 0; } },
    LOGICAL_OR { public double apply(double a, double b) { return (a != 0 || b != 0) ? 1 : 0; } public long applyLong(long a, long b) { return (a != 0 || b != 0) ? 1 : 0; } },
    LOGICAL_XOR { public double apply(double a, double b) { return ((a != 0) != (b != 0)) ? 1 : 0; } public long applyLong(long a, long b) { return ((a != 0) != (b != 0)) ? 1 : 0; } };

    /** The reference definition in double precision. */
    public abstract double apply(double a, double b);

    /** The exact definition on 64-bit integers (for integral and bool dtypes). */
    public abstract long applyLong(long a, long b);

    /** True for comparisons and logical ops, whose result is bool. */
    public boolean producesBool() {
        return ordinal() >= EQ.ordinal();
    }
}
