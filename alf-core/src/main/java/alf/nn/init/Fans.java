package alf.nn.init;

import java.util.Arrays;

/**
 * Fan-in and fan-out of a weight tensor, as {@code torch.nn.init._calculate_fan_in_and_fan_out} defines them: for a
 * shape {@code [out, in, k1, k2, ...]} with receptive field r = k1·k2·…, fanIn = in·r and fanOut = out·r.
 *
 * @param fanIn  number of inputs each output unit sees
 * @param fanOut number of outputs each input unit feeds
 */
public record Fans(int fanIn, int fanOut) {

    /** The fans of a weight of {@code shape}; it needs at least 2 dimensions. */
    public static Fans of(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan in and fan out need a tensor with at least 2 dimensions, got shape "
                    + Arrays.toString(shape));
        }
        int receptive = 1;
        for (int d = 2; d < shape.length; d++) {
            receptive *= shape[d];
        }
        return new Fans(shape[1] * receptive, shape[0] * receptive);
    }

    /** The fan selected by {@code mode}. */
    public int get(FanMode mode) {
        return mode == FanMode.FAN_IN ? fanIn : fanOut;
    }
}
