package alf.distributions.transforms;

import alf.tensor.DType;
import alf.tensor.Shapes;
import alf.tensor.Tensor;
import alf.tensor.TypePromotion;
import java.util.Arrays;
import java.util.Optional;

/**
 * y = loc + scale·x elementwise, with loc and scale broadcasting against x (torch AffineTransform with event_dim 0);
 * e.g. loc = (high + low)/2, scale = (high − low)/2 maps tanh's (−1, 1) onto an action box [low, high].
 *
 * <ul>
 *   <li>inverse x = (y − loc)/scale (well-conditioned: cache misses are only counted)</li>
 *   <li>log|dy/dx| = log|scale|, constant in x — which gives transformed distributions a closed-form entropy
 *       H(Y) = H(X) + Σ log|scale|</li>
 * </ul>
 */
public final class AffineTransform extends Transform {
    private final Tensor loc;
    private final Tensor scale;

    /** A cached affine map. */
    public AffineTransform(Tensor loc, Tensor scale) {
        this(loc, scale, 1);
    }

    /**
     * An affine map with the given cache size; loc and scale must be floating and broadcast together, and scale must
     * be nonzero everywhere.
     */
    public AffineTransform(Tensor loc, Tensor scale, int cacheSize) {
        super(cacheSize);
        if (loc == null || scale == null) {
            throw new IllegalArgumentException("AffineTransform: loc and scale must not be null");
        }
        if (!loc.dtype().isFloatingPoint() || !scale.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("AffineTransform: loc and scale must be floating, got " + loc.dtype()
                    + " and " + scale.dtype());
        }
        Shapes.broadcast("AffineTransform(loc, scale)", loc.shape(), scale.shape());
        double[] s = scale.detach().toDoubleArray();
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] != 0 && Double.isFinite(s[i]))) {
                throw new IllegalArgumentException("AffineTransform: scale must be finite and nonzero, got " + s[i]
                        + " at flat index " + i);
            }
        }
        this.loc = loc;
        this.scale = scale;
    }

    /** y = loc + scale·x with scalar parameters (0-d float64 tensors: they take the dtype of x). */
    public static AffineTransform of(double loc, double scale) {
        return new AffineTransform(Tensor.scalar(loc, DType.FLOAT64), Tensor.scalar(scale, DType.FLOAT64));
    }

    public Tensor loc() {
        return loc;
    }

    public Tensor scale() {
        return scale;
    }

    @Override
    public Tensor apply(Tensor x) {
        return loc.add(scale.mul(x));
    }

    @Override
    protected Tensor invert(Tensor y) {
        return y.sub(loc).div(scale);
    }

    /** log|scale| broadcast to the shape of y. */
    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        Tensor l = scale.abs().log().to(TypePromotion.resultType(y, scale));
        int[] shape = Shapes.broadcast("AffineTransform.logAbsDetJacobian", y.shape(), l.shape());
        return Arrays.equals(l.shape(), shape) ? l : l.expand(shape);
    }

    @Override
    public Optional<Tensor> constantLogAbsDetJacobian() {
        return Optional.of(scale.abs().log());
    }

    @Override
    public int[] forwardShape(int[] shape) {
        return Shapes.broadcast("AffineTransform", shape, Shapes.broadcast("AffineTransform", loc.shape(),
                scale.shape()));
    }

    @Override
    public String toString() {
        return "AffineTransform(cacheSize=" + cacheSize() + ")";
    }
}
