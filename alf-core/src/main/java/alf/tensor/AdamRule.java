package alf.tensor;

/**
 * The numbers of one Adam-family update ({@link Backend#adamStep}) and its reference composition of primitive kernels
 * ({@link #applyComposed}), whose float operations, in their order, every fused kernel must perform per element:
 * <pre>
 *   θ ← θ·d                                        (decoupled decay factor d = 1 − lr·λ, AdamW; when present)
 *   g ← θ·λ + g                                    (coupled L2 decay λ, Adam and AdamTF; when λ ≠ 0)
 *   m ← m·β₁ + g·(1 − β₁)
 *   v ← v·β₂ + (g·(1 − β₂))·g
 *   v̂ ← max(v̂max, v), stored in v̂max               (AMSGrad), else v̂ = v
 *   PYTORCH:    θ ← θ + (m·s) / (√v̂ / c₂ + ε)      with s = −lr/(1 − β₁ᵗ), c₂ = √(1 − β₂ᵗ)
 *   TENSORFLOW: θ ← θ − (m·s) / (√v̂ + ε)           with s = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
 * </pre>
 * (Kingma &amp; Ba, ICLR 2015, Algorithm 1 and the end of section 2; PyTorch 1.13's single-tensor {@code torch.optim}
 * operation order; see {@code alf.optimizers.Adam}, {@code AdamW}, {@code AdamTF}.) Every constant enters the
 * arithmetic rounded to the parameter's dtype, as a Java number does in a tensor op. The per-step numbers
 * ({@code d}, {@code s}, {@code c₂}) are 0-d tensors, typically {@link Tensor#hostScalar}s, read when the kernel
 * runs, so a replayed plan uses each step's values.
 *
 * @param form                which denominator and sign (PyTorch's or TensorFlow's rule)
 * @param beta1               β₁
 * @param beta2               β₂
 * @param eps                 ε
 * @param l2Decay             coupled decay λ (0 for none)
 * @param decoupledDecay      0-d factor d multiplying θ first, or null for none
 * @param stepSize            0-d s
 * @param sqrtBiasCorrection2 0-d c₂ (PYTORCH only; null for TENSORFLOW)
 */
public record AdamRule(Form form, double beta1, double beta2, double eps, double l2Decay, Tensor decoupledDecay,
        Tensor stepSize, Tensor sqrtBiasCorrection2) {

    /** Where ε enters and how the step is applied. */
    public enum Form {
        /** θ ← θ + (m·s) / (√v̂ / c₂ + ε): torch.optim.Adam / AdamW. */
        PYTORCH,
        /** θ ← θ − (m·s) / (√v̂ + ε): TensorFlow's Adam with ε̂. */
        TENSORFLOW
    }

    /** @throws IllegalArgumentException when a per-step number the form needs is missing or not 0-d */
    public AdamRule {
        if (form == null) {
            throw new IllegalArgumentException("AdamRule: form is null");
        }
        requireScalar("stepSize", stepSize);
        if (form == Form.PYTORCH) {
            requireScalar("sqrtBiasCorrection2", sqrtBiasCorrection2);
        } else if (sqrtBiasCorrection2 != null) {
            throw new IllegalArgumentException("AdamRule: the TENSORFLOW form takes no sqrtBiasCorrection2");
        }
        if (decoupledDecay != null) {
            requireScalar("decoupledDecay", decoupledDecay);
        }
    }

    private static void requireScalar(String name, Tensor t) {
        if (t == null || t.dim() != 0 || !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("AdamRule: " + name + " must be a floating 0-d tensor, got "
                    + (t == null ? "null" : t.dtype() + java.util.Arrays.toString(t.shape())));
        }
    }

    /** The current value of a 0-d per-step number. */
    static double valueOf(Tensor scalar) {
        return scalar.storage.getDouble(scalar.offset);
    }

    /**
     * Runs the update as today's sequence of primitive kernels (in-place tensor ops without autograd) on the slots'
     * backend: what {@link Backend#adamStep} does on a backend without a fused kernel, and the reference a fused
     * kernel must match bit for bit.
     */
    public void applyComposed(AdamSlots s) {
        try (var noGrad = GradMode.noGrad()) {
            Tensor param = s.param();
            if (decoupledDecay != null) {
                param.muli(decoupledDecay);
            }
            Tensor g = l2Decay != 0 ? s.work().copy_(param).muli(l2Decay).addi(s.grad()) : s.grad();
            s.expAvg().muli(beta1).addi(s.work2().copy_(g).muli(1 - beta1));
            s.expAvgSq().muli(beta2).addi(s.work2().copy_(g).muli(1 - beta2).muli(g));
            Tensor second = s.amsgrad() ? s.maxExpAvgSq().copy_(s.maxExpAvgSq().maximum(s.expAvgSq()))
                    : s.expAvgSq();
            Tensor denom = s.work();
            denom.backend().unary(UnaryOp.SQRT, second, denom);
            denom.bumpVersion();
            if (form == Form.PYTORCH) {
                denom.divi(sqrtBiasCorrection2).addi(eps);
                param.addi(s.work2().copy_(s.expAvg()).muli(stepSize).divi(denom));
            } else {
                denom.addi(eps);
                param.subi(s.work2().copy_(s.expAvg()).muli(stepSize).divi(denom));
            }
        }
    }
}
