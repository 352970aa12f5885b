package alf.nn.init;

/**
 * Which fan scales a Kaiming initialisation: {@code FAN_IN} keeps the variance of activations in the forward pass,
 * {@code FAN_OUT} that of gradients in the backward pass (He et al., 2015).
 */
public enum FanMode {
    FAN_IN,
    FAN_OUT
}
