package alf.trainers;

import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.GradMode;
import alf.tensor.Tensor;
import java.util.List;

/**
 * Screens the trained parameters for NaN and ±∞ after an update, cheaply and, for contiguous float32 or float64
 * parameters on the CPU, without allocating: each one's storage is copied into a host array kept for it, and the
 * elements' exponent fields are examined (IEEE 754: a value is NaN or infinite exactly when every exponent bit is
 * set, so the largest exponent field equals the all-ones pattern exactly when some element is not finite). Other
 * parameters (another dtype, a strided view, a GPU) are screened by the sum of their elements (NaN and ±∞ propagate
 * through it), which may also flag finite elements whose sum overflows; the caller confirms a flagged parameter
 * element by element either way.
 *
 * <p>The host arrays are kept while the parameter list holds the same tensors, and rebuilt when it changes.
 */
final class ParameterScreen {
    private static final int FLOAT_EXPONENT = 0x7f80_0000;
    private static final long DOUBLE_EXPONENT = 0x7ff0_0000_0000_0000L;

    private Tensor[] parameters = new Tensor[0];
    /** Per parameter: its float[] or double[] host copy, or null where the sum screens it. */
    private Object[] hostCopies = new Object[0];

    /** Whether parameter {@code i} of {@code current} may hold a NaN or an infinity (false proves it finite). */
    boolean mayBeNonFinite(List<Tensor> current, int i) {
        if (!holds(current)) {
            rebuild(current);
        }
        Tensor parameter = parameters[i];
        Object host = hostCopies[i];
        if (host == null) {
            try (GradMode.Scope scope = GradMode.noGrad()) {
                return !Double.isFinite(parameter.sumAll().item());
            }
        }
        parameter.storage().copyToHost(host);
        int start = parameter.offset();
        int end = start + parameter.numel();
        if (host instanceof float[] f) {
            int largest = 0;
            for (int k = start; k < end; k++) {
                largest = Math.max(largest, Float.floatToRawIntBits(f[k]) & FLOAT_EXPONENT);
            }
            return largest == FLOAT_EXPONENT;
        }
        double[] d = (double[]) host;
        long largest = 0;
        for (int k = start; k < end; k++) {
            largest = Math.max(largest, Double.doubleToRawLongBits(d[k]) & DOUBLE_EXPONENT);
        }
        return largest == DOUBLE_EXPONENT;
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
        parameters = current.toArray(new Tensor[0]);
        hostCopies = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Tensor p = parameters[i];
            if (!Device.CPU.equals(p.device()) || !p.isContiguous()) {
                continue;
            }
            int size = p.storage().size();
            hostCopies[i] = p.dtype() == DType.FLOAT32 ? new float[size]
                    : p.dtype() == DType.FLOAT64 ? new double[size] : null;
        }
    }
}
