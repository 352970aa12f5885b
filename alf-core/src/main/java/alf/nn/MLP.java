package alf.nn;

import alf.tensor.DType;
import alf.tensor.Rng;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Builds multi-layer perceptrons as a {@link Sequential} of {@link Linear} layers and activations, named like
 * PyTorch's {@code nn.Sequential(nn.Linear(..), nn.ReLU(), nn.Linear(..))}: {@code 0.weight}, {@code 2.weight}, …
 *
 * <pre>{@code
 * Sequential net = MLP.builder(3).hidden(256, 256).activation(ReLU::new).output(1).build(rng);
 * // Linear(3, 256), ReLU, Linear(256, 256), ReLU, Linear(256, 1)
 * }</pre>
 *
 * Without {@link Builder#output}, the network ends with the last hidden layer and its activation (an encoder).
 */
public final class MLP {
    private MLP() {
    }

    /** A builder for a network taking inputs {@code [..., inputSize]}. */
    public static Builder builder(int inputSize) {
        return new Builder(inputSize);
    }

    /** Options of an MLP; every setter returns the builder. Defaults: ReLU, bias, float32, no output activation. */
    public static final class Builder {
        private final int inputSize;
        private int[] hidden = new int[0];
        private int outputSize = -1;
        private Supplier<? extends Module> activation = ReLU::new;
        private Supplier<? extends Module> outputActivation;
        private boolean bias = true;
        private DType dtype = DType.FLOAT32;

        private Builder(int inputSize) {
            if (inputSize <= 0) {
                throw new IllegalArgumentException("MLP: inputSize must be positive, got " + inputSize);
            }
            this.inputSize = inputSize;
        }

        /** The sizes of the hidden layers, each followed by the activation. */
        public Builder hidden(int... sizes) {
            for (int s : sizes) {
                if (s <= 0) {
                    throw new IllegalArgumentException("MLP: hidden sizes must be positive, got "
                            + Arrays.toString(sizes));
                }
            }
            this.hidden = sizes.clone();
            return this;
        }

        /** Adds a final linear layer of {@code size} outputs (no activation unless {@link #outputActivation}). */
        public Builder output(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("MLP: output size must be positive, got " + size);
            }
            this.outputSize = size;
            return this;
        }

        /** The activation after each hidden layer, as a factory (one new module per layer). */
        public Builder activation(Supplier<? extends Module> factory) {
            if (factory == null) {
                throw new IllegalArgumentException("MLP: activation factory must not be null");
            }
            this.activation = factory;
            return this;
        }

        /** An activation after the output layer (e.g. {@code Tanh::new}); null for none. */
        public Builder outputActivation(Supplier<? extends Module> factory) {
            this.outputActivation = factory;
            return this;
        }

        /** Whether the linear layers have biases. */
        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** The floating dtype of the parameters. */
        public Builder dtype(DType dtype) {
            if (dtype == null || !dtype.isFloatingPoint()) {
                throw new IllegalArgumentException("MLP: dtype must be floating point, got " + dtype);
            }
            this.dtype = dtype;
            return this;
        }

        /** Builds the network, initialising the layers in order from {@code rng}. */
        public Sequential build(Rng rng) {
            if (hidden.length == 0 && outputSize < 0) {
                throw new IllegalArgumentException("MLP: needs at least one hidden layer or an output layer");
            }
            if (outputActivation != null && outputSize < 0) {
                throw new IllegalArgumentException("MLP: outputActivation needs an output layer (call output(size))");
            }
            Sequential net = new Sequential();
            int in = inputSize;
            for (int h : hidden) {
                net.append(new Linear(in, h, bias, dtype, rng));
                net.append(activation.get());
                in = h;
            }
            if (outputSize > 0) {
                net.append(new Linear(in, outputSize, bias, dtype, rng));
                if (outputActivation != null) {
                    net.append(outputActivation.get());
                }
            }
            return net;
        }
    }
}
