package alf.tensor;

import java.util.Arrays;

/** Differentiable reductions over explicit dimensions (whole-tensor reductions pass {@code dims = null}). */
final class ReductionOps {
    private ReductionOps() {
    }

    /** Flags of the reduced dims; null means all. */
    static boolean[] dimFlags(String op, Tensor x, int[] dims) {
        boolean[] flags = new boolean[x.dim()];
        if (dims == null) {
            Arrays.fill(flags, true);
            return flags;
        }
        for (int dim : dims) {
            int d = Shapes.wrapDim(op, dim, x.dim());
            if (x.dim() == 0) {
                continue;
            }
            if (flags[d]) {
                throw new IllegalArgumentException(op + ": dimension " + d + " appears twice in "
                        + Arrays.toString(dims));
            }
            flags[d] = true;
        }
        return flags;
    }

    static int[] keptShape(Tensor x, boolean[] flags) {
        int[] s = x.shape.clone();
        for (int d = 0; d < s.length; d++) {
            if (flags[d]) {
                s[d] = 1;
            }
        }
        return s;
    }

    static int[] squeezedShape(Tensor x, boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (!f) {
                n++;
            }
        }
        int[] s = new int[n];
        for (int d = 0, j = 0; d < flags.length; d++) {
            if (!flags[d]) {
                s[j++] = x.shape[d];
            }
        }
        return s;
    }

    /** Runs the reduce kernel into a fresh kept-shape tensor and returns it shaped as asked, recording nothing. */
    private static Tensor reduceRaw(ReduceOp op, Tensor x, boolean[] flags, boolean keepDim, DType outType) {
        int[] kept = keptShape(x, flags);
        Tensor out = Tensor.empty(outType, x.device(), kept);
        out.backend().reduce(op, x, flags, out);
        if (keepDim) {
            return out;
        }
        int[] squeezed = squeezedShape(x, flags);
        return Tensor.rawView(out.storage, squeezed, Shapes.contiguousStrides(squeezed), 0);
    }

    /** The gradient of a kept-shape reduction output, broadcast back to x's shape. */
    private static Tensor expandBack(Tensor g, int[] kept, int[] inShape) {
        return g.reshape(kept).expand(inShape);
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        boolean[] flags = dimFlags("sum", x, dims);
        DType outType = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Tensor y = reduceRaw(ReduceOp.SUM, x, flags, keepDim, outType);
        if (Autograd.needsGrad(x)) {
            int[] kept = keptShape(x, flags);
            int[] in = x.shape;
            Autograd.record(y, "sum", new Tensor[] {x}, new Tensor[0],
                    (g, s) -> new Tensor[] {expandBack(g, kept, in)});
        }
        return y;
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean: expected a floating dtype, got " + x.dtype()
                    + " (convert with to(DType.FLOAT32) first)");
        }
        boolean[] flags = dimFlags("mean", x, dims);
        long count = 1;
        for (int d = 0; d < flags.length; d++) {
            if (flags[d]) {
                count *= x.shape[d];
            }
        }
        return sum(x, dims, keepDim).div((double) count);
    }

    /** amax/amin: the gradient is shared evenly by the elements equal to the extreme. */
    static Tensor extreme(Tensor x, int[] dims, boolean keepDim, boolean max) {
        String name = max ? "amax" : "amin";
        boolean[] flags = dimFlags(name, x, dims);
        for (int d = 0; d < flags.length; d++) {
            if (flags[d] && x.shape[d] == 0) {
                throw new IllegalArgumentException(name + ": cannot reduce over dimension " + d
                        + " of size 0 (shape " + Arrays.toString(x.shape) + "): the operation has no identity");
            }
        }
        if (x.numel() == 0 && dims == null) {
            throw new IllegalArgumentException(name + ": cannot reduce an empty tensor: the operation has no identity");
        }
        Tensor y = reduceRaw(max ? ReduceOp.MAX : ReduceOp.MIN, x, flags, keepDim, x.dtype());
        if (Autograd.needsGrad(x)) {
            int[] kept = keptShape(x, flags);
            int[] in = x.shape;
            Autograd.record(y, name, new Tensor[] {x}, new Tensor[] {x, y}, (g, s) -> {
                Tensor mask = s[0].eq(s[1].reshape(kept)).to(g.dtype());
                Tensor count = mask.sum(reducedDims(flags), true);
                return new Tensor[] {expandBack(g, kept, in).mul(mask).div(count)};
            });
        }
        return y;
    }

    private static int[] reducedDims(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        int[] r = new int[n];
        for (int d = 0, j = 0; d < flags.length; d++) {
            if (flags[d]) {
                r[j++] = d;
            }
        }
        return r;
    }

    static Tensor argExtreme(Tensor x, int dim, boolean keepDim, boolean max) {
        String name = max ? "argmax" : "argmin";
        Tensor src = x.dim() == 0 ? x.reshape(1) : x;
        int d = Shapes.wrapDim(name, dim, src.dim());
        int[] kept = src.shape.clone();
        kept[d] = 1;
        Tensor out = Tensor.empty(DType.INT64, x.device(), kept);
        out.backend().argReduce(max, src, d, out);
        if (x.dim() == 0) {
            return Tensor.rawView(out.storage, new int[0], new int[0], 0);
        }
        return keepDim ? out : Tensor.rawView(out.storage, squeezedShape(src, flagOf(src.dim(), d)),
                Shapes.contiguousStrides(squeezedShape(src, flagOf(src.dim(), d))), 0);
    }

    private static boolean[] flagOf(int rank, int d) {
        boolean[] f = new boolean[rank];
        f[d] = true;
        return f;
    }

    static ValuesAndIndices maxWithIndices(Tensor x, int dim, boolean keepDim, boolean max) {
        Tensor idx = argExtreme(x, dim, true, max);
        Tensor values = x.dim() == 0 ? x.copy() : x.gather(Shapes.wrapDim("max", dim, x.dim()), idx);
        if (!keepDim && x.dim() > 0) {
            int d = Shapes.wrapDim("max", dim, x.dim());
            return new ValuesAndIndices(values.squeeze(d), idx.squeeze(d));
        }
        return new ValuesAndIndices(values, idx);
    }

    /**
     * log Σ exp(x) over dims, stably: m + log Σ exp(x − m) with m the (detached) maximum, replaced by 0 where it is
     * infinite so that all −inf rows give −inf and +inf rows give +inf (torch.logsumexp).
     */
    static Tensor logSumExp(Tensor x, int[] dims, boolean keepDim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("logSumExp: expected a floating dtype, got " + x.dtype());
        }
        boolean[] flags = dimFlags("logSumExp", x, dims);
        Tensor m;
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor mx = extreme(x, dims, true, true);
            m = Tensor.where(mx.isfinite(), mx, Tensor.zerosLike(mx));
        }
        Tensor r = x.sub(m).exp().sum(dims == null ? reducedDims(flags) : dims, true).log().add(m);
        return keepDim ? r : r.reshape(squeezedShape(x, flags));
    }

    static Tensor logical(Tensor x, int dim, boolean keepDim, ReduceOp op) {
        boolean[] flags = dimFlags(op.name().toLowerCase(java.util.Locale.ROOT), x, new int[] {dim});
        return reduceRaw(op, x, flags, keepDim, DType.BOOL);
    }

    /** Σ over the broadcast dimensions so that the result has {@code target} shape (adjoint of expand). */
    static Tensor sumToShape(Tensor x, int[] target) {
        if (Arrays.equals(x.shape, target)) {
            return x;
        }
        Shapes.checkExpandable("sumToShape", target, x.shape);
        int lead = x.dim() - target.length;
        int n = 0;
        int[] dims = new int[x.dim()];
        for (int d = 0; d < x.dim(); d++) {
            if (d < lead || (target[d - lead] == 1 && x.shape[d] != 1)) {
                dims[n++] = d;
            }
        }
        Tensor s = n == 0 ? x : sum(x, Arrays.copyOf(dims, n), true);
        return s.reshape(target);
    }
}
