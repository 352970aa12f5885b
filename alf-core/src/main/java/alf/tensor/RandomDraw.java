package alf.tensor;

/**
 * One random fill of a tensor, as {@link KernelTap#randomDrawn} reports it: {@code out}'s elements in row-major order
 * drawn from {@code rng} — normal: {@code a + b·z} (mean a, std b), z standard normal; uniform: {@code a + (b − a)·u},
 * u uniform in [0, 1), rounded to out's dtype and redrawn when that reaches the open bound b.
 *
 * @param rng  the generator drawn from
 * @param kind the distribution
 * @param a    mean (normal) or lower bound (uniform)
 * @param b    standard deviation (normal) or upper bound (uniform)
 * @param out  the contiguous tensor filled
 */
public record RandomDraw(Rng rng, Kind kind, double a, double b, Tensor out) {

    /** The distributions a draw can come from. */
    public enum Kind {
        NORMAL, UNIFORM
    }

    /** Draws again into {@code out} from {@code rng}, exactly as the original draw did (same order, same rounding). */
    public void redo() {
        redo(rng);
    }

    /** Draws again into {@code out} from {@code generator} instead of the original generator. */
    public void redo(Rng generator) {
        if (kind == Kind.NORMAL) {
            RandomOps.fillNormal(generator, a, b, out.storage());
        } else {
            RandomOps.fillUniform(generator, a, b, out.storage());
        }
        out.bumpVersion();
    }
}
