package alf.tensor;

import java.util.Arrays;

/**
 * The tensors one Adam-family update of one parameter works on ({@link Backend#adamStep}): the parameter, its
 * gradient, the moment state and two scratch buffers, all of one shape, dtype and device.
 *
 * @param param       θ, updated in place
 * @param grad        g (read only)
 * @param expAvg      the first moment m, updated in place
 * @param expAvgSq    the second moment v, updated in place
 * @param maxExpAvgSq AMSGrad's running maximum of v, updated in place; null without AMSGrad
 * @param work        scratch: the decayed gradient g + λ·θ (coupled decay), then the denominator
 * @param work2       scratch: the moment increments, then the step m·s / denominator
 */
public record AdamSlots(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, Tensor work,
        Tensor work2) {

    /** @throws IllegalArgumentException naming the slot whose shape or dtype differs from the parameter's */
    public AdamSlots {
        check("grad", grad, param);
        check("expAvg", expAvg, param);
        check("expAvgSq", expAvgSq, param);
        if (maxExpAvgSq != null) {
            check("maxExpAvgSq", maxExpAvgSq, param);
        }
        check("work", work, param);
        check("work2", work2, param);
    }

    private static void check(String slot, Tensor t, Tensor param) {
        if (t == null) {
            throw new IllegalArgumentException("adamStep: slot " + slot + " is null");
        }
        if (t.dtype() != param.dtype() || !Arrays.equals(t.shape(), param.shape())) {
            throw new IllegalArgumentException("adamStep: slot " + slot + " is " + t.dtype()
                    + Arrays.toString(t.shape()) + " but the parameter is " + param.dtype()
                    + Arrays.toString(param.shape()));
        }
    }

    /** True with AMSGrad (a running maximum to update). */
    public boolean amsgrad() {
        return maxExpAvgSq != null;
    }
}
