package alf.nn.init;

/**
 * Nonlinearities with their recommended initialisation gain ({@code torch.nn.init.calculate_gain}): the factor that
 * keeps activation variance stable through a layer followed by that function.
 */
public enum Nonlinearity {
    /** gain 1. */
    LINEAR,
    /** gain 1. */
    SIGMOID,
    /** gain 5/3. */
    TANH,
    /** gain √2. */
    RELU,
    /** gain √(2 / (1 + slope²)), slope the negative slope (PyTorch's default 0.01). */
    LEAKY_RELU,
    /** gain 3/4 (PyTorch's choice for SELU with self-normalising init). */
    SELU;

    /** The gain; {@code param} is the negative slope for {@link #LEAKY_RELU} and ignored otherwise. */
    public double gain(double param) {
        return switch (this) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1.0 + param * param));
            case SELU -> 0.75;
        };
    }

    /** The gain with PyTorch's default parameter (negative slope 0.01 for leaky ReLU). */
    public double gain() {
        return gain(0.01);
    }
}
