package alf.tensor;

import java.util.Arrays;

/** Human-readable rendering of a tensor, like PyTorch's repr (elements elided past 1000). */
final class TensorFormat {
    private static final int MAX_ELEMENTS = 1000;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.numel() > MAX_ELEMENTS) {
            sb.append("...");
        } else {
            Tensor c = t.detach();
            int[] idx = new int[c.dim()];
            append(sb, c, idx, 0);
        }
        sb.append(", shape=").append(Arrays.toString(t.shape())).append(", dtype=").append(t.dtype());
        if (!t.device().equals(Device.CPU)) {
            sb.append(", device=").append(t.device());
        }
        if (t.gradFn() != null) {
            sb.append(", grad_fn=").append(t.gradFn().name());
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=true");
        }
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, Tensor t, int[] idx, int d) {
        if (d == t.dim()) {
            double v = t.get(idx);
            if (t.dtype() == DType.BOOL) {
                sb.append(v != 0);
            } else if (t.dtype().isFloatingPoint()) {
                sb.append(t.dtype() == DType.FLOAT64 ? Double.toString(v) : Float.toString((float) v));
            } else {
                sb.append((long) v);
            }
            return;
        }
        sb.append('[');
        for (int i = 0; i < t.size(d); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            idx[d] = i;
            append(sb, t, idx, d + 1);
        }
        sb.append(']');
    }
}
