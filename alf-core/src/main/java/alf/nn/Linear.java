package alf.nn;

import alf.nn.init.FanMode;
import alf.nn.init.Init;
import alf.nn.init.Nonlinearity;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * Affine layer y = x·Wᵀ + b ({@code torch.nn.Linear}) with weight {@code [out, in]} and bias {@code [out]}; inputs
 * {@code [..., in]} give outputs {@code [..., out]}.
 *
 * <p>Initialisation is PyTorch's default ({@code Linear.reset_parameters}): W by Kaiming uniform with a = √5, i.e.
 * W ~ U(−1/√in, 1/√in), and b ~ U(−1/√in, 1/√in); so a layer here and one in PyTorch agree in law, and a state dict
 * from either runs identically in the other.
 */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** A float32 layer with bias. */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, DType.FLOAT32, rng);
    }

    /** A float32 layer, with or without bias. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        this(inFeatures, outFeatures, bias, DType.FLOAT32, rng);
    }

    /** A layer of the given floating dtype, with or without bias. */
    public Linear(int inFeatures, int outFeatures, boolean bias, DType dtype, Rng rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: inFeatures and outFeatures must be positive, got in="
                    + inFeatures + ", out=" + outFeatures);
        }
        if (dtype == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("Linear: dtype must be floating point, got " + dtype);
        }
        if (rng == null) {
            throw new IllegalArgumentException("Linear: rng must not be null");
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(dtype, outFeatures, inFeatures));
        Init.kaimingUniform(weight, Math.sqrt(5.0), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
        if (bias) {
            double bound = 1.0 / Math.sqrt(inFeatures);
            this.bias = registerParameter("bias", Tensor.zeros(dtype, outFeatures));
            Init.uniform(this.bias, -bound, bound, rng);
        } else {
            this.bias = null;
        }
    }

    /** y = x·Wᵀ + b over the last dimension of {@code x}. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor y = product(x);
        return bias == null ? y : y.add(bias);
    }

    private Tensor product(Tensor x) {
        checkInput(x);
        return x.matmul(weight.t());
    }

    private void checkInput(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(in=" + inFeatures + ", out=" + outFeatures
                    + "): input must have last dimension " + inFeatures + ", got shape " + Arrays.toString(x.shape()));
        }
    }

    /**
     * True when {@link #forwardRelu} may stand for this layer followed by a ReLU: a plain Linear (not a subclass,
     * whose forward may differ) with a bias and no hooks.
     */
    final boolean fusesRelu() {
        return getClass() == Linear.class && bias != null && !hasHooks();
    }

    /** relu(x·Wᵀ + b) as one fused op ({@link Tensor#linearRelu}); see {@link #fusesRelu}. */
    final Tensor forwardRelu(Tensor x) {
        checkInput(x);
        return x.linearRelu(weight, bias);
    }

    /** The weight {@code [out, in]} (the registered parameter itself). */
    public Tensor weight() {
        return weight;
    }

    /** The bias {@code [out]}, or null for a layer without bias. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Linear copy() {
        return (Linear) super.copy();
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias != null) + ", dtype=" + weight.dtype();
    }
}
