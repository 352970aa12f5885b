package alf.tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Finite-difference gradient checking in float64 (torch.autograd.gradcheck): compares the analytical Jacobian of
 * {@code f} (by backward, one output element at a time) with central differences (f(x+h) − f(x−h))/2h, element by
 * element, and reports the first mismatch with its position.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Outcome of a check: the largest absolute error, and where it occurred. */
    public record Result(boolean passed, double maxAbsError, String worst) {
    }

    /**
     * Checks d f(inputs) / d inputs. Inputs must be float64 leaves with requiresGrad; f may return any shape.
     *
     * @param eps  finite-difference step (1e-6 is PyTorch's default)
     * @param atol absolute tolerance
     * @param rtol relative tolerance (against the numerical value)
     */
    public static Result check(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol) {
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (x.dtype() != DType.FLOAT64 || !x.requiresGrad() || !x.isLeaf()) {
                throw new IllegalArgumentException("GradCheck: input " + i + " must be a float64 leaf that requires "
                        + "grad, got " + x.dtype() + (x.requiresGrad() ? "" : " without requiresGrad"));
            }
        }
        Tensor out0 = f.apply(inputs);
        int nOut = out0.numel();
        double worstErr = 0;
        String worst = "";
        for (int o = 0; o < nOut; o++) {
            // analytical row: gradient of output element o
            double[] onehot = new double[nOut];
            onehot[o] = 1.0;
            Tensor y = f.apply(inputs);
            Tensor[] grads = Autograd.grad(new Tensor[] {y}, inputs,
                    new Tensor[] {Tensor.of(onehot).reshape(y.shape()).to(y.dtype())}, false, false, true);
            for (int i = 0; i < inputs.length; i++) {
                Tensor x = inputs[i];
                double[] analytic = grads[i] == null ? new double[x.numel()] : grads[i].toDoubleArray();
                for (int k = 0; k < x.numel(); k++) {
                    double num = numeric(f, inputs, i, k, o, eps);
                    double err = Math.abs(analytic[k] - num);
                    if (err > worstErr) {
                        worstErr = err;
                        worst = "output " + o + ", input " + i + " element " + k + ": analytical " + analytic[k]
                                + " vs numerical " + num;
                    }
                    if (!(err <= atol + rtol * Math.abs(num))) {
                        return new Result(false, err, "output " + o + ", input " + i + " (shape "
                                + Arrays.toString(x.shape()) + ") element " + k + ": analytical " + analytic[k]
                                + " vs numerical " + num);
                    }
                }
            }
        }
        return new Result(true, worstErr, worst);
    }

    private static double numeric(Function<Tensor[], Tensor> f, Tensor[] inputs, int i, int k, int o, double eps) {
        Tensor x = inputs[i];
        double orig = x.storage().getDouble(flatOffset(x, k));
        try {
            // evaluated with grad mode on, so functions that differentiate internally (higher order) work too
            x.storage().setDouble(flatOffset(x, k), orig + eps);
            double plus = f.apply(inputs).toDoubleArray()[o];
            x.storage().setDouble(flatOffset(x, k), orig - eps);
            double minus = f.apply(inputs).toDoubleArray()[o];
            return (plus - minus) / (2 * eps);
        } finally {
            x.storage().setDouble(flatOffset(x, k), orig);
        }
    }

    private static int flatOffset(Tensor x, int k) {
        int[] shape = x.shape();
        int[] strides = x.strides();
        int off = x.offset();
        for (int d = shape.length - 1; d >= 0; d--) {
            off += (k % shape[d]) * strides[d];
            k /= shape[d];
        }
        return off;
    }
}
