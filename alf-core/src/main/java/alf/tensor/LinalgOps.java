package alf.tensor;

import java.util.Arrays;

/**
 * Matrix products with torch.matmul's shape rules; the kernel is the backend's batched GEMM and the backward is
 * dA = dC·Bᵀ, dB = Aᵀ·dC (transposes are stride swaps, never copies).
 */
final class LinalgOps {
    private LinalgOps() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got shapes "
                    + Arrays.toString(a.shape) + " and " + Arrays.toString(b.shape));
        }
        if (a.dtype() != b.dtype()) {
            // PyTorch refuses mixed dtypes in matmul ("expected scalar type Float but found Double")
            throw new IllegalArgumentException("matmul: both tensors must have the same dtype, got " + a.dtype()
                    + " " + Arrays.toString(a.shape) + " and " + b.dtype() + " " + Arrays.toString(b.shape)
                    + "; convert one with .to(dtype)");
        }
        DType dt = TypePromotion.resultType(a, b);
        if (!dt.isFloatingPoint()) {
            throw new IllegalArgumentException("matmul: expected floating tensors, got " + a.dtype() + " and "
                    + b.dtype());
        }
        Tensor x = a.to(dt);
        Tensor y = b.to(dt);
        if (x.dim() == 1 && y.dim() == 1) {
            checkInner(a, b, x.shape[0], y.shape[0]);
            return matmul(x.unsqueeze(0), y.unsqueeze(1)).reshape();
        }
        if (x.dim() == 1) {
            return matmul(x.unsqueeze(0), y).squeeze(-2);
        }
        if (y.dim() == 1) {
            return matmul(x, y.unsqueeze(1)).squeeze(-1);
        }
        int m = x.shape[x.dim() - 2];
        int k = x.shape[x.dim() - 1];
        int k2 = y.shape[y.dim() - 2];
        int n = y.shape[y.dim() - 1];
        checkInner(a, b, k, k2);
        if (y.dim() == 2 && x.dim() > 2) {
            // [..., m, k] · [k, n]: one GEMM over all rows, as PyTorch folds the batch into m (no copies of the
            // weight, and its gradient is a single product instead of a batch of them summed)
            int[] outShape = Arrays.copyOf(x.shape, x.dim());
            outShape[x.dim() - 1] = n;
            return bmm(x.reshape(1, -1, k), y.unsqueeze(0)).reshape(outShape);
        }
        int[] batchA = Arrays.copyOf(x.shape, x.dim() - 2);
        int[] batchB = Arrays.copyOf(y.shape, y.dim() - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int bsz = Shapes.numel(batch);
        Tensor x3 = x.expand(concat(batch, m, k)).reshape(bsz, m, k);
        Tensor y3 = y.expand(concat(batch, k, n)).reshape(bsz, k, n);
        Tensor out = bmm(x3, y3);
        return out.reshape(concat(batch, m, n));
    }

    private static void checkInner(Tensor a, Tensor b, int k, int k2) {
        if (k != k2) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(a.shape) + " and "
                    + Arrays.toString(b.shape) + " cannot be multiplied (" + k + " != " + k2 + ")");
        }
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    /** [B, M, K] · [B, K, N] → [B, M, N]. */
    static Tensor bmm(Tensor a, Tensor b) {
        Tensor out = Tensor.empty(a.dtype(), a.device(), a.shape[0], a.shape[1], b.shape[2]);
        out.backend().matmul(a, b, out);
        if (Autograd.needsGrad(a, b)) {
            Autograd.record(out, "matmul", new Tensor[] {a, b}, new Tensor[] {a, b}, (g, s) -> new Tensor[] {
                a.requiresGrad() && Autograd.needsInputGrad(0) ? bmm(g, s[1].transpose(1, 2)) : null,
                b.requiresGrad() && Autograd.needsInputGrad(1) ? rightGrad(s[0], g, s[1]) : null});
        }
        return out;
    }

    /**
     * The gradient of {@code b} in {@code a·b}: aᵀ·g, [B, K, N]. When {@code b} is a transposed view of a contiguous
     * [B, N, K] tensor (a linear layer's {@code weight.t()}), it is computed as (gᵀ·a)ᵀ instead, so the product lands
     * in the weight's own layout and the gradient needs no transposing copy on its way to {@code .grad}. Each element
     * is the same sum Σ_m a[m,k]·g[m,n] of the same products in the same order (a product's factors commute exactly),
     * so the values are bit-identical either way.
     */
    static Tensor rightGrad(Tensor a, Tensor g, Tensor b) {
        boolean transposedView = b.shape[1] >= 16 && b.shape[2] > 1 && b.strides[1] == 1 && b.strides[2] == b.shape[1]
                && (b.shape[0] == 1 || b.strides[0] == b.shape[1] * b.shape[2]);
        return transposedView ? bmm(g.transpose(1, 2), a).transpose(1, 2) : bmm(a.transpose(1, 2), g);
    }
}
