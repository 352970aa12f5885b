package alf.tensor.cpu;

import alf.tensor.DType;
import alf.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The CPU's {@link alf.tensor.Backend#scaleAdd}, y ← β·y + α·x, in one pass over contiguous float32/float64 tensors:
 * per element the float operations of the composition (β and α rounded to the dtype, {@code y·β} and {@code x·α} each
 * rounded, then their sum; never a fused multiply-add), so the bits are those of the three separate kernels.
 */
final class ScaleAddKernel {
    private ScaleAddKernel() {
    }

    /** Runs the pass when y and x are contiguous CPU tensors of one shape and dtype (float32/float64); else false. */
    static boolean run(Tensor y, double beta, Tensor x, double alpha) {
        DType dt = y.dtype();
        if ((dt != DType.FLOAT32 && dt != DType.FLOAT64) || x.dtype() != dt || !y.sameShape(x) || !y.isContiguous()
                || !x.isContiguous() || !(y.storage() instanceof CpuStorage ys) || !(x.storage() instanceof CpuStorage xs)
                || (ys == xs && x.offset() != y.offset())) {
            return false;
        }
        int n = y.numel();
        if (dt == DType.FLOAT32) {
            floats(ys.floats(), y.offset(), (float) beta, xs.floats(), x.offset(), (float) alpha, n);
        } else {
            doubles(ys.doubles(), y.offset(), beta, xs.doubles(), x.offset(), alpha, n);
        }
        return true;
    }

    private static void floats(float[] y, int yo, float beta, float[] x, int xo, float alpha, int n) {
        int i = 0;
        if (VectorSupport.AVAILABLE) {
            i = Lanes.floats(y, yo, beta, x, xo, alpha, n);
        }
        for (; i < n; i++) {
            y[yo + i] = y[yo + i] * beta + x[xo + i] * alpha;
        }
    }

    private static void doubles(double[] y, int yo, double beta, double[] x, int xo, double alpha, int n) {
        int i = 0;
        if (VectorSupport.AVAILABLE) {
            i = Lanes.doubles(y, yo, beta, x, xo, alpha, n);
        }
        for (; i < n; i++) {
            y[yo + i] = y[yo + i] * beta + x[xo + i] * alpha;
        }
    }

    /** The vector bodies (a class of their own so that nothing loads the Vector API where it is absent). */
    private static final class Lanes {
        private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

        /** The whole vectors of the float pass; returns how many elements it did. */
        static int floats(float[] y, int yo, float beta, float[] x, int xo, float alpha, int n) {
            int bound = FS.loopBound(n);
            for (int i = 0; i < bound; i += FS.length()) {
                FloatVector.fromArray(FS, y, yo + i).mul(beta)
                        .add(FloatVector.fromArray(FS, x, xo + i).mul(alpha)).intoArray(y, yo + i);
            }
            return bound;
        }

        /** The whole vectors of the double pass; returns how many elements it did. */
        static int doubles(double[] y, int yo, double beta, double[] x, int xo, double alpha, int n) {
            int bound = DS.loopBound(n);
            for (int i = 0; i < bound; i += DS.length()) {
                DoubleVector.fromArray(DS, y, yo + i).mul(beta)
                        .add(DoubleVector.fromArray(DS, x, xo + i).mul(alpha)).intoArray(y, yo + i);
            }
            return bound;
        }
    }
}
