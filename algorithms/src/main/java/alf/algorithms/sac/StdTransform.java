package alf.algorithms.sac;

import alf.tensor.Tensor;

/** How a network output becomes a positive standard deviation in {@link NormalProjectionNetwork}. */
public enum StdTransform {
    /** std = softplus(x) = log(1 + eˣ) (ALF's default). */
    SOFTPLUS {
        @Override
        public Tensor apply(Tensor x) {
            return x.softplus();
        }
    },
    /** std = exp(clamp(x, −10, 2)), ALF's {@code clipped_exp} as used by its SAC examples. */
    CLIPPED_EXP {
        @Override
        public Tensor apply(Tensor x) {
            return x.clamp(-10.0, 2.0).exp();
        }
    };

    /** The standard deviation for pre-activation {@code x}. */
    public abstract Tensor apply(Tensor x);
}
