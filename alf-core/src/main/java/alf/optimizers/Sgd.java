package alf.optimizers;

import alf.config.Configurable;
import alf.config.Default;
import alf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and coupled L2 weight decay
 * ({@code torch.optim.SGD} of PyTorch 1.13, single-tensor implementation; Nesterov momentum in the form of
 * Sutskever et al., "On the importance of initialization and momentum in deep learning", ICML 2013).
 *
 * <p>For each parameter {@code θ} with gradient {@code g}, at its {@code t}-th update:
 * <pre>
 *   g ← g + λ·θ                                     (only when weightDecay λ ≠ 0)
 *   if μ ≠ 0:  b ← g (a copy) when t = 1, else b ← μ·b + (1 − τ)·g
 *              g ← g + μ·b  if nesterov,  else g ← b
 *   θ ← θ − lr·g
 * </pre>
 * with momentum μ and dampening τ. State name: {@code momentum_buffer} (only when μ ≠ 0).
 *
 * <p>Built without parameters; add them with {@link #addParamGroup}.
 */
@Configurable
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;

    /**
     * @param lr               learning rate (1e-3 by default, as in PyTorch 2; used when {@code lrSchedule} is null)
     * @param momentum         momentum factor μ ≥ 0 (0: plain SGD)
     * @param dampening        dampening τ of the momentum's gradient term
     * @param nesterov         use Nesterov momentum (needs μ &gt; 0 and τ = 0)
     * @param weightDecay      coupled L2 coefficient λ (default of every group)
     * @param lrSchedule       learning-rate schedule replacing the constant {@code lr}, or null
     * @param gradientClipping clipping applied to all gradients before each step, or null
     */
    public Sgd(@Default("1e-3") double lr,
               @Default("0") double momentum,
               @Default("0") double dampening,
               @Default("false") boolean nesterov,
               @Default("0") double weightDecay,
               @Default("null") LearningRateSchedule lrSchedule,
               @Default("null") GradientClipper gradientClipping) {
        super(lr, lrSchedule, weightDecay, gradientClipping);
        HyperParameters.requireNonNegative("Sgd", "momentum", momentum);
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("Sgd: dampening must be finite, got " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum requires momentum > 0 and dampening == 0, got "
                    + "momentum " + momentum + " and dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
    }

    @Override
    protected List<String> stateNames() {
        return momentum != 0 ? List.of("momentum_buffer") : List.of();
    }

    @Override
    protected OptimizerSettings hyperParameters() {
        Map<String, Double> h = new LinkedHashMap<>();
        h.put("momentum", momentum);
        h.put("dampening", dampening);
        return new OptimizerSettings(h, Map.of("nesterov", nesterov));
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParameterState state, double lr, double weightDecay) {
        Tensor g = weightDecay != 0 ? UpdateKernels.coupledDecay(grad, param, weightDecay, scratch(0, param)) : grad;
        Tensor tmp = scratch(1, param);
        Tensor direction = g;
        if (momentum != 0) {
            Tensor buf = state.tensor("momentum_buffer");
            if (state.step() == 1) {
                buf.copy_(g);
            } else {
                buf.muli(momentum).addi(tmp.copy_(g).muli(1 - dampening));
            }
            // g + μ·b, as PyTorch's d_p.add(buf, alpha=momentum)
            direction = nesterov ? tmp.copy_(buf).muli(momentum).addi(g) : buf;
        }
        // θ + (−lr)·g, as PyTorch's param.add_(d_p, alpha=-lr)
        DoubleSupplier rate = liveLr();
        param.addi(tmp.copy_(direction).muli(Tensor.hostScalar(() -> -rate.getAsDouble())));
    }
}
