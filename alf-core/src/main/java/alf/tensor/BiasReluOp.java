package alf.tensor;

import java.util.Arrays;

/**
 * {@code relu(z + bias)} as one differentiable op (a linear layer's bias and ReLU): one kernel forward
 * ({@link Backend#biasRelu}) and one backward ({@link Backend#reluBackwardBiasSum}: ReLU's gradient from the output
 * and the bias gradient as its column sum). Values and gradients are bit for bit those of
 * {@code z.add(bias).relu()}, whose kernels the backend defaults run. When the backward itself is recorded
 * (higher-order gradients), it is written in differentiable tensor ops instead.
 *
 * <p>{@link #linear} goes one step further for a whole layer, {@code relu(x·Wᵀ + b)}: the product, bias and ReLU
 * are one kernel ({@link Backend#matmulBiasRelu}), so the pre-activation is never stored, and the backward is the
 * ReLU/bias kernel followed by the two products matmul's backward would run, bit for bit those of
 * {@code x.matmul(weight.t()).addBiasRelu(bias)}.
 */
final class BiasReluOp {
    private BiasReluOp() {
    }

    /** True when z has a batch dimension and bias is a vector over its last one, of z's floating dtype and device. */
    static boolean fuses(Tensor z, Tensor bias) {
        return z.dim() >= 2 && bias.dim() == 1 && bias.size(0) == z.size(-1) && z.dtype().isFloatingPoint()
                && bias.dtype() == z.dtype() && bias.device().equals(z.device()) && !z.isWrappedNumber();
    }

    static Tensor apply(Tensor z, Tensor bias) {
        if (!fuses(z, bias)) {
            return z.add(bias).relu();
        }
        Tensor out = Tensor.empty(z.dtype(), z.device(), z.shape);
        out.backend().biasRelu(z, bias, out);
        if (Autograd.needsGrad(z, bias)) {
            int[] biasShape = bias.shape();
            Autograd.record(out, "bias_relu", new Tensor[] {z, bias}, new Tensor[] {out},
                    (g, s) -> backward(g, s[0], biasShape));
        }
        return out;
    }

    private static Tensor[] backward(Tensor g, Tensor y, int[] biasShape) {
        Tensor[] grads = gradients(g, y, biasShape, Autograd.needsInputGrad(1));
        return new Tensor[] {Autograd.needsInputGrad(0) ? grads[0] : null, grads[1]};
    }

    /** {gz, bias gradient or null} of relu(z + bias) for the output gradient g and the output y. */
    private static Tensor[] gradients(Tensor g, Tensor y, int[] biasShape, boolean wantBias) {
        if (GradMode.isEnabled() || !wantBias || g.dtype() != y.dtype()) {
            // a recorded backward (create_graph), or no bias gradient wanted: ReLU's backward op, then the sum
            Tensor gz = ElementwiseOps.binary(BinaryOp.RELU_BACKWARD, g, y);
            return new Tensor[] {gz, wantBias ? gz.sumToShape(biasShape) : null};
        }
        Tensor gz = Tensor.empty(y.dtype(), y.device(), y.shape);
        int[] keep = new int[y.dim()];
        Arrays.fill(keep, 1);
        keep[keep.length - 1] = biasShape[0];
        Tensor biasGrad = Tensor.empty(y.dtype(), y.device(), keep);
        gz.backend().reluBackwardBiasSum(g, y, gz, biasGrad);
        return new Tensor[] {gz, biasGrad.reshape(biasShape)};
    }

    /** True when relu(x·weightᵀ + bias) can run as one {@link Backend#matmulBiasRelu} (else it is composed). */
    private static boolean fusesLinear(Tensor x, Tensor weight, Tensor bias) {
        return x.dim() >= 2 && x.numel() > 0 && weight.dim() == 2 && x.size(-1) == weight.size(1)
                && x.dtype().isFloatingPoint() && weight.dtype() == x.dtype() && bias.dtype() == x.dtype()
                && weight.device().equals(x.device()) && bias.device().equals(x.device()) && bias.dim() == 1
                && bias.size(0) == weight.size(0) && !x.isWrappedNumber();
    }

    /**
     * relu(x·weightᵀ + bias) for x [..., in], weight [out, in], bias [out]; composed of matmul and
     * {@link #apply} where it cannot be one kernel (and then with their error messages).
     */
    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (!fusesLinear(x, weight, bias)) {
            return x.matmul(weight.t()).addBiasRelu(bias);
        }
        int in = weight.size(1);
        int outFeatures = weight.size(0);
        int rows = x.numel() / in;
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = outFeatures;
        Tensor out = Tensor.empty(x.dtype(), x.device(), outShape);
        Tensor x3;
        Tensor wt3;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            x3 = x.reshape(1, rows, in);
            wt3 = weight.t().unsqueeze(0);
        }
        out.backend().matmulBiasRelu(x3, wt3, bias, out.reshape(1, rows, outFeatures));
        if (Autograd.needsGrad(x, weight, bias)) {
            int[] biasShape = bias.shape();
            int[] xShape = x.shape();
            Autograd.record(out, "linear_relu", new Tensor[] {x, weight, bias}, new Tensor[] {x, weight, out},
                    (g, s) -> {
                        boolean wantX = Autograd.needsInputGrad(0);
                        boolean wantW = Autograd.needsInputGrad(1);
                        Tensor[] zb = gradients(g, s[2], biasShape, Autograd.needsInputGrad(2));
                        Tensor gz3 = zb[0].reshape(1, rows, outFeatures);
                        Tensor w3 = s[1].t().unsqueeze(0);
                        return new Tensor[] {
                            wantX ? LinalgOps.bmm(gz3, w3.transpose(1, 2)).reshape(xShape) : null,
                            wantW ? LinalgOps.rightGrad(s[0].reshape(1, rows, in), gz3, w3).squeeze(0).t() : null,
                            zb[1]};
                    });
        }
        return out;
    }
}
