package alf.environments.classic;

/**
 * Python's floored modulo for floats ({@code x % m}, also NumPy's {@code np.remainder}), which Java's
 * truncating {@code %} is not: r = fmod(x, m); if r ≠ 0 and sign(r) ≠ sign(m) then r += m; a zero result
 * takes the sign of m (CPython {@code float_rem}).
 */
final class FlooredModulo {

    private FlooredModulo() {
    }

    static double mod(double x, double m) {
        double r = x % m; // Java's % on doubles is C's fmod: exact, with the sign of x
        if (r != 0.0) {
            if ((m < 0) != (r < 0)) {
                r += m;
            }
        } else {
            r = Math.copySign(0.0, m);
        }
        return r;
    }
}
