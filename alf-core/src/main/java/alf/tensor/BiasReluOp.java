package alf.tensor;

import java.util.Arrays;

/**
 * {@code relu(z + bias)} as one differentiable op (a linear layer's bias and ReLU): one kernel forward
 * ({@link Backend#biasRelu}) and one backward ({@link Backend#reluBackwardBiasSum}: ReLU's gradient from the output
 * and the bias gradient as its column sum). Values and gradients are bit for bit those of
 * {@code z.add(bias).relu()}, whose kernels the backend defaults run. When the backward itself is recorded
 * (higher-order gradients), it is written in differentiable tensor ops instead.
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
        boolean wantBias = Autograd.needsInputGrad(1);
        if (GradMode.isEnabled() || !wantBias || g.dtype() != y.dtype()) {
            // a recorded backward (create_graph), or no bias gradient wanted: ReLU's backward op, then the sum
            Tensor gz = ElementwiseOps.binary(BinaryOp.RELU_BACKWARD, g, y);
            return new Tensor[] {Autograd.needsInputGrad(0) ? gz : null, wantBias ? gz.sumToShape(biasShape) : null};
        }
        Tensor gz = Tensor.empty(y.dtype(), y.device(), y.shape);
        int[] keep = new int[y.dim()];
        Arrays.fill(keep, 1);
        keep[keep.length - 1] = biasShape[0];
        Tensor biasGrad = Tensor.empty(y.dtype(), y.device(), keep);
        gz.backend().reluBackwardBiasSum(g, y, gz, biasGrad);
        return new Tensor[] {Autograd.needsInputGrad(0) ? gz : null, biasGrad.reshape(biasShape)};
    }
}
