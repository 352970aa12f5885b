package alf.trainers;

import alf.tensor.ReduceOp;
import alf.tensor.Tensor;
import java.util.List;

/**
 * The sum of every element of each trained parameter, computed into reused one-element tensors by the parameter's
 * backend (the kernel {@link Tensor#sumAll()} runs, without allocating a result or recording autograd), so that the
 * trainer can screen all parameters for NaN and ±∞ after every update at the cost of one reduction each: a NaN or an
 * infinity in a parameter makes its sum NaN or infinite (IEEE 754 propagation), while a finite sum proves every
 * element finite. A non-finite sum may also come from finite elements whose sum overflows, so the caller confirms
 * it element by element.
 *
 * <p>The result tensors are kept while the parameter list holds the same tensors, and rebuilt when it changes.
 */
final class ParameterSums {
    private Tensor[] parameters = new Tensor[0];
    private Tensor[] sums = new Tensor[0];
    private boolean[][] allDims = new boolean[0][];

    /** Sums every tensor of {@code current} (same order); read them with {@link #sum(int)}. */
    void compute(List<Tensor> current) {
        if (!holds(current)) {
            rebuild(current);
        }
        for (int i = 0; i < parameters.length; i++) {
            Tensor sum = sums[i];
            sum.backend().reduce(ReduceOp.SUM, parameters[i], allDims[i], sum);
        }
    }

    /** Σ of every element of parameter {@code i} from the latest {@link #compute}. */
    double sum(int i) {
        return sums[i].item();
    }

    private boolean holds(List<Tensor> current) {
        if (current.size() != parameters.length) {
            return false;
        }
        for (int i = 0; i < parameters.length; i++) {
            if (current.get(i) != parameters[i]) {
                return false;
            }
        }
        return true;
    }

    private void rebuild(List<Tensor> current) {
        int n = current.size();
        parameters = current.toArray(new Tensor[0]);
        sums = new Tensor[n];
        allDims = new boolean[n][];
        for (int i = 0; i < n; i++) {
            Tensor p = parameters[i];
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("trained parameter " + i + " has dtype " + p.dtype()
                        + ": parameters must be floating point");
            }
            int[] ones = new int[p.dim()];
            java.util.Arrays.fill(ones, 1);
            sums[i] = Tensor.empty(p.dtype(), p.device(), ones);
            allDims[i] = new boolean[p.dim()];
            java.util.Arrays.fill(allDims[i], true);
        }
    }
}
