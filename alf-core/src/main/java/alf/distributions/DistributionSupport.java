package alf.distributions;

import alf.tensor.DType;
import alf.tensor.Shapes;
import alf.tensor.Tensor;
import java.util.Arrays;

/** Shape bookkeeping and argument checks shared by the distributions of this package. */
final class DistributionSupport {
    private DistributionSupport() {
    }

    /** {@code a ++ b}. */
    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Sums the last {@code n} dimensions of {@code t} (torch.distributions.utils._sum_rightmost). */
    static Tensor sumRightmost(Tensor t, int n) {
        if (n == 0) {
            return t;
        }
        if (n > t.dim()) {
            throw new IllegalArgumentException("cannot sum the last " + n + " dimensions of a tensor of shape "
                    + Arrays.toString(t.shape()));
        }
        int[] dims = new int[n];
        for (int i = 0; i < n; i++) {
            dims[i] = t.dim() - n + i;
        }
        return t.sum(dims, false);
    }

    /** Rejects null and non-floating parameters, naming the distribution and the parameter. */
    static void requireFloating(String owner, String name, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(owner + ": " + name + " must not be null");
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(owner + ": " + name + " must have a floating dtype, got " + t.dtype());
        }
    }

    /** Throws unless every element of {@code t} is &gt; 0 (NaN fails), naming the first offending value. */
    static void requirePositive(String owner, String name, Tensor t) {
        double[] v = t.detach().toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0)) {
                throw new IllegalArgumentException(owner + ": " + name + " must be > 0 everywhere, got " + v[i]
                        + " at flat index " + i + " (shape " + Arrays.toString(t.shape()) + ")");
            }
        }
    }

    /** The dtype both parameters are computed in (PyTorch's promotion; both must be floating). */
    static DType commonDtype(Tensor a, Tensor b) {
        return DType.promote(a.dtype(), b.dtype());
    }

    /** Broadcasts {@code t} to {@code shape} (a view; differentiable). */
    static Tensor broadcastTo(Tensor t, int[] shape) {
        return Arrays.equals(t.shape(), shape) ? t : t.expand(shape);
    }

    /** The broadcast shape of two parameters, with an error naming the distribution. */
    static int[] broadcastShape(String owner, Tensor a, Tensor b) {
        return Shapes.broadcast(owner, a.shape(), b.shape());
    }

    /** The most negative finite value of a floating dtype (torch.finfo(dtype).min). */
    static double finfoMin(DType dtype) {
        return switch (dtype) {
            case FLOAT64 -> -Double.MAX_VALUE;
            case FLOAT32 -> -Float.MAX_VALUE;
            case FLOAT16 -> -65504.0;
            case BFLOAT16 -> -3.3895313892515355e38;
            default -> throw new IllegalArgumentException("finfo: not a floating dtype: " + dtype);
        };
    }

    /** The leading {@code n} entries of {@code shape}. */
    static int[] head(int[] shape, int n) {
        return Arrays.copyOfRange(shape, 0, n);
    }

    /** The trailing entries of {@code shape} from index {@code from}. */
    static int[] tail(int[] shape, int from) {
        return Arrays.copyOfRange(shape, from, shape.length);
    }
}
