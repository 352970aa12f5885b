package alf.trainers;

import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.GradMode;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Screens the trained parameters for NaN and ±∞ after an update, cheaply and, for contiguous float32 or float64
 * parameters on the CPU, without allocating: each storage behind them is copied once per screen into a host array
 * kept for it (parameters that are views of one flat buffer share it), and each parameter's elements have their
 * exponent fields examined (IEEE 754: a value is NaN or infinite exactly when every exponent bit is set, so the largest
 * exponent field equals the all-ones pattern exactly when some element is not finite). Other parameters (another
 * dtype, a strided view, a GPU) are screened by the sum of their elements (NaN and ±∞ propagate through it), which may
 * also flag finite elements whose sum overflows; the caller confirms a flagged parameter element by element.
 *
 * <p>The host arrays are kept while the parameter list holds the same tensors, and rebuilt when it changes.
 */
final class ParameterScreen {
    private static final int FLOAT_EXPONENT = 0x7f80_0000;
    private static final long DOUBLE_EXPONENT = 0x7ff0_0000_0000_0000L;

    private Tensor[] parameters = new Tensor[0];
    /** Per parameter: the float[] or double[] host copy of its storage, or null where the sum screens it. */
    private Object[] hostCopies = new Object[0];
    /** Per parameter: whether it is the first in the list over its storage (that one copies the storage). */
    private boolean[] copiesStorage = new boolean[0];
    private boolean[] flagged = new boolean[0];

    /**
     * Screens every tensor of {@code current}, in order; read the outcome with {@link #flagged(int)}.
     *
     * @return whether any parameter may hold a NaN or an infinity (false proves them all finite)
     */
    boolean screen(List<Tensor> current) {
        if (!holds(current)) {
            rebuild(current);
        }
        boolean any = false;
        for (int i = 0; i < parameters.length; i++) {
            flagged[i] = mayBeNonFinite(i);
            any |= flagged[i];
        }
        return any;
    }

    /** Whether parameter {@code i} of the latest {@link #screen} may hold a NaN or an infinity. */
    boolean flagged(int i) {
        return flagged[i];
    }

    private boolean mayBeNonFinite(int i) {
        Tensor parameter = parameters[i];
        Object host = hostCopies[i];
        if (host == null) {
            try (GradMode.Scope scope = GradMode.noGrad()) {
                return !Double.isFinite(parameter.sumAll().item());
            }
        }
        if (copiesStorage[i]) {
            parameter.storage().copyToHost(host);
        }
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
        int n = current.size();
        parameters = current.toArray(new Tensor[0]);
        hostCopies = new Object[n];
        copiesStorage = new boolean[n];
        flagged = new boolean[n];
        Map<Storage, Object> copies = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            Tensor p = parameters[i];
            DType dtype = p.dtype();
            if (!Device.CPU.equals(p.device()) || !p.isContiguous()
                    || (dtype != DType.FLOAT32 && dtype != DType.FLOAT64)) {
                continue;
            }
            Storage storage = p.storage();
            copiesStorage[i] = !copies.containsKey(storage);
            hostCopies[i] = copies.computeIfAbsent(storage,
                    s -> dtype == DType.FLOAT32 ? new float[s.size()] : new double[s.size()]);
        }
    }
}
