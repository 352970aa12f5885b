package alf.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Views (no copy: new shape, strides and offset over the same storage), copies, casts and concatenation, each with
 * its backward formula.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    /**
     * What a view's graph node saves: its base, only so that its version is checked at backward. A view shares its
     * base's storage, so an in-place write to the base after the view was taken would silently change what the
     * gradient assumed; the check turns that into an error naming the view op (PyTorch instead rebases the view's
     * history).
     */
    private static Tensor[] viewGuard(Tensor x) {
        return new Tensor[] {x};
    }

    private static Tensor viewOf(Tensor x, int[] shape, int[] strides, int offset) {
        return new Tensor(x.storage, shape, strides, offset, x, false);
    }

    // ------------------------------------------------------------------ non-recording helpers for kernels

    /** x in dtype (x itself when it has it), recording nothing. */
    static Tensor castRaw(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Tensor r = Tensor.empty(dtype, x.device(), x.shape);
        r.backend().copy(x, r);
        return r;
    }

    /** x broadcast to shape by 0-strides (x itself when it has the shape), recording nothing. */
    static Tensor expandRaw(Tensor x, int[] shape) {
        if (Arrays.equals(x.shape, shape)) {
            return x;
        }
        return new Tensor(x.storage, shape, expandedStrides("expand", x, shape), x.offset, null, false);
    }

    private static int[] expandedStrides(String op, Tensor x, int[] shape) {
        Shapes.checkExpandable(op, x.shape, shape);
        int lead = shape.length - x.shape.length;
        int[] st = new int[shape.length];
        for (int i = 0; i < x.shape.length; i++) {
            st[lead + i] = x.shape[i] == shape[lead + i] ? x.strides[i] : 0;
        }
        return st;
    }

    // ------------------------------------------------------------------ casts and copies

    static Tensor cast(Tensor x, DType dtype) {
        Tensor r = castRaw(x, dtype);
        if (dtype.isFloatingPoint() && Autograd.needsGrad(x)) {
            // the engine casts the gradient back to x's dtype
            Autograd.record(r, "to", new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g});
        }
        return r;
    }

    static Tensor toDevice(Tensor x, Device device) {
        Backend target = Backends.forDevice(device);
        Tensor r = Tensor.empty(x.dtype(), device, x.shape);
        target.copy(x, r);
        if (Autograd.needsGrad(x)) {
            Device from = x.device();
            Autograd.record(r, "to_device", new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g.to(from)});
        }
        return r;
    }

    static Tensor copyOf(Tensor x, String name) {
        Tensor r = Tensor.empty(x.dtype(), x.device(), x.shape);
        r.backend().copy(x, r);
        if (Autograd.needsGrad(x)) {
            Autograd.record(r, name, new Tensor[] {x}, new Tensor[0], (g, s) -> new Tensor[] {g});
        }
        return r;
    }

    // ------------------------------------------------------------------ views

    /**
     * Strides for viewing x with newShape without a copy, or null when impossible (the chunk-matching algorithm of
     * PyTorch's computeStride: dims of x that are contiguous with each other form chunks that a view may split or
     * merge, but not cross).
     */
    static int[] viewStrides(Tensor x, int[] newShape) {
        if (x.isContiguous()) {
            return Shapes.contiguousStrides(newShape);
        }
        int[] oldShape = x.shape;
        int[] oldStrides = x.strides;
        int[] st = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBase = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = oldShape.length - 1; d >= 0; d--) {
            tensorNumel *= oldShape[d];
            if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    st[viewD] = (int) (viewNumel * chunkBase);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (d > 0) {
                    chunkBase = oldStrides[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? st : null;
    }

    private static Tensor recordReshapeBack(Tensor x, Tensor r, String name) {
        if (Autograd.needsGrad(x)) {
            int[] in = x.shape;
            Autograd.record(r, name, new Tensor[] {x}, viewGuard(x), (g, s) -> new Tensor[] {g.reshape(in)});
        }
        return r;
    }

    static Tensor view(Tensor x, int[] shape) {
        int[] ns = Shapes.inferSize("view", shape, x.numel());
        int[] st = viewStrides(x, ns);
        if (st == null) {
            throw new IllegalArgumentException("view: size " + Arrays.toString(ns) + " is not compatible with the "
                    + "input's shape " + Arrays.toString(x.shape) + " and strides " + Arrays.toString(x.strides)
                    + " (at least one dimension spans two contiguous subspaces); use reshape() instead");
        }
        return recordReshapeBack(x, viewOf(x, ns, st, x.offset), "view");
    }

    static Tensor reshape(Tensor x, int[] shape) {
        int[] ns = Shapes.inferSize("reshape", shape, x.numel());
        if (Arrays.equals(ns, x.shape)) {
            return x;
        }
        int[] st = viewStrides(x, ns);
        if (st != null) {
            return recordReshapeBack(x, viewOf(x, ns, st, x.offset), "reshape");
        }
        return copyOf(x, "reshape_copy").view(ns);
    }

    static Tensor transpose(Tensor x, int d0, int d1) {
        int a = Shapes.wrapDim("transpose", d0, x.dim());
        int b = Shapes.wrapDim("transpose", d1, x.dim());
        if (x.dim() == 0) {
            return x;
        }
        int[] shape = x.shape.clone();
        int[] st = x.strides.clone();
        shape[a] = x.shape[b];
        shape[b] = x.shape[a];
        st[a] = x.strides[b];
        st[b] = x.strides[a];
        Tensor r = viewOf(x, shape, st, x.offset);
        if (Autograd.needsGrad(x)) {
            Autograd.record(r, "transpose", new Tensor[] {x}, viewGuard(x),
                    (g, s) -> new Tensor[] {g.transpose(a, b)});
        }
        return r;
    }

    static Tensor permute(Tensor x, int[] dims) {
        int n = x.dim();
        if (dims.length != n) {
            throw new IllegalArgumentException("permute: got " + dims.length + " dims " + Arrays.toString(dims)
                    + " for a tensor of rank " + n);
        }
        int[] perm = new int[n];
        boolean[] used = new boolean[n];
        int[] inverse = new int[n];
        int[] shape = new int[n];
        int[] st = new int[n];
        for (int i = 0; i < n; i++) {
            int d = Shapes.wrapDim("permute", dims[i], n);
            if (used[d]) {
                throw new IllegalArgumentException("permute: dimension " + d + " repeats in " + Arrays.toString(dims));
            }
            used[d] = true;
            perm[i] = d;
            inverse[d] = i;
            shape[i] = x.shape[d];
            st[i] = x.strides[d];
        }
        Tensor r = viewOf(x, shape, st, x.offset);
        if (Autograd.needsGrad(x)) {
            Autograd.record(r, "permute", new Tensor[] {x}, viewGuard(x), (g, s) -> new Tensor[] {g.permute(inverse)});
        }
        return r;
    }

    /** Strict slice (narrow): 0 ≤ start ≤ end ≤ size. */
    static Tensor slice(Tensor x, int dim, int start, int end, int step, String op) {
        int d = Shapes.wrapExistingDim(op, dim, x.dim());
        int size = x.shape[d];
        if (start < 0 || end < start || end > size) {
            throw new IndexOutOfBoundsException(op + ": range [" + start + ", " + end + ") is out of bounds for "
                    + "dimension " + d + " of size " + size + " (shape " + Arrays.toString(x.shape) + ")");
        }
        return sliceView(x, d, start, end, step);
    }

    /** Python-style slice: negative indices count from the end, bounds are clamped. */
    static Tensor sliceClamped(Tensor x, int dim, int start, int end, int step) {
        int d = Shapes.wrapExistingDim("slice", dim, x.dim());
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int size = x.shape[d];
        int s = start < 0 ? Math.max(start + size, 0) : Math.min(start, size);
        int e = end < 0 ? Math.max(end + size, 0) : Math.min(end, size);
        return sliceView(x, d, s, Math.max(s, e), step);
    }

    private static Tensor sliceView(Tensor x, int d, int start, int end, int step) {
        int[] shape = x.shape.clone();
        int[] st = x.strides.clone();
        shape[d] = (end - start + step - 1) / step;
        st[d] = x.strides[d] * step;
        Tensor r = viewOf(x, shape, st, x.offset + start * x.strides[d]);
        if (Autograd.needsGrad(x)) {
            int[] in = x.shape;
            Autograd.record(r, "slice", new Tensor[] {x}, viewGuard(x),
                    (g, s) -> new Tensor[] {sliceScatter(g, in, d, start, step)});
        }
        return r;
    }

    /** Zeros of {@code shape} with {@code g} written at [start::step] along d: the adjoint of slicing. */
    static Tensor sliceScatter(Tensor g, int[] shape, int d, int start, int step) {
        Tensor r = Tensor.empty(g.dtype(), g.device(), shape);
        int[] st = r.strides.clone();
        st[d] *= step;
        Tensor window = new Tensor(r.storage, g.shape, st, start * r.strides[d], null, false);
        window.backend().copy(g, window);
        if (Autograd.needsGrad(g)) {
            int end = start + (g.shape[d] - 1) * step + 1;
            int[] gShape = g.shape;
            Autograd.record(r, "slice_backward", new Tensor[] {g}, new Tensor[0], (gg, s) -> {
                Tensor back = gg.slice(d, start, end, step);
                for (int k = 0; k < gShape.length; k++) {
                    if (k != d && back.shape[k] != gShape[k]) {
                        back = back.narrow(k, 0, gShape[k]);
                    }
                }
                return new Tensor[] {back};
            });
        }
        return r;
    }

    static Tensor select(Tensor x, int dim, int index) {
        int d = Shapes.wrapExistingDim("select", dim, x.dim());
        int size = x.shape[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of bounds for dimension " + d
                    + " with size " + size);
        }
        int i = index < 0 ? index + size : index;
        int[] shape = new int[x.dim() - 1];
        int[] st = new int[x.dim() - 1];
        for (int k = 0, j = 0; k < x.dim(); k++) {
            if (k != d) {
                shape[j] = x.shape[k];
                st[j++] = x.strides[k];
            }
        }
        Tensor r = viewOf(x, shape, st, x.offset + i * x.strides[d]);
        if (Autograd.needsGrad(x)) {
            int[] in = x.shape;
            Autograd.record(r, "select", new Tensor[] {x}, viewGuard(x),
                    (g, s) -> new Tensor[] {sliceScatter(g.unsqueeze(d), in, d, i, 1)});
        }
        return r;
    }

    static Tensor expand(Tensor x, int[] sizes) {
        int[] target = sizes.clone();
        int lead = target.length - x.dim();
        if (lead < 0) {
            throw new IllegalArgumentException("expand: the number of sizes " + Arrays.toString(sizes)
                    + " must be >= the rank of shape " + Arrays.toString(x.shape));
        }
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (i < lead) {
                    throw new IllegalArgumentException("expand: -1 is not allowed for a new leading dimension in "
                            + Arrays.toString(sizes));
                }
                target[i] = x.shape[i - lead];
            }
        }
        if (Arrays.equals(target, x.shape)) {
            return x;
        }
        Tensor r = viewOf(x, target, expandedStrides("expand", x, target), x.offset);
        if (Autograd.needsGrad(x)) {
            // the engine sums the gradient back to x's shape
            Autograd.record(r, "expand", new Tensor[] {x}, viewGuard(x), (g, s) -> new Tensor[] {g});
        }
        return r;
    }

    static Tensor squeeze(Tensor x, Integer dim) {
        int n = x.dim();
        int keep = 0;
        for (int d = 0; d < n; d++) {
            if (!(x.shape[d] == 1 && (dim == null || dim == d))) {
                keep++;
            }
        }
        if (keep == n) {
            return x;
        }
        int[] shape = new int[keep];
        int[] st = new int[keep];
        for (int d = 0, j = 0; d < n; d++) {
            if (!(x.shape[d] == 1 && (dim == null || dim == d))) {
                shape[j] = x.shape[d];
                st[j++] = x.strides[d];
            }
        }
        return recordReshapeBack(x, viewOf(x, shape, st, x.offset), "squeeze");
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int n = x.dim();
        int[] shape = new int[n + 1];
        int[] st = new int[n + 1];
        for (int d = 0, j = 0; d <= n; d++) {
            if (d == dim) {
                shape[d] = 1;
                st[d] = dim < n ? x.strides[dim] * x.shape[dim] : 1;
            } else {
                shape[d] = x.shape[j];
                st[d] = x.strides[j++];
            }
        }
        return recordReshapeBack(x, viewOf(x, shape, st, x.offset), "unsqueeze");
    }

    // ------------------------------------------------------------------ concatenation

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        }
        Tensor first = tensors.get(0);
        int rank = first.dim();
        if (rank == 0) {
            throw new IllegalArgumentException("cat: zero-dimensional tensors cannot be concatenated (use stack)");
        }
        int d = Shapes.wrapDim("cat", dim, rank);
        DType dt = first.dtype();
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() != rank) {
                throw new IllegalArgumentException("cat: tensor 0 has shape " + Arrays.toString(first.shape)
                        + " but tensor " + i + " has shape " + Arrays.toString(t.shape) + " (ranks differ)");
            }
            for (int k = 0; k < rank; k++) {
                if (k != d && t.shape[k] != first.shape[k]) {
                    throw new IllegalArgumentException("cat: sizes must match except in dimension " + d
                            + ", but tensor 0 has shape " + Arrays.toString(first.shape) + " and tensor " + i
                            + " has shape " + Arrays.toString(t.shape));
                }
            }
            dt = DType.promote(dt, t.dtype());
            total += t.shape[d];
        }
        int[] shape = first.shape.clone();
        shape[d] = total;
        Tensor out = Tensor.empty(dt, first.device(), shape);
        int[] starts = new int[tensors.size()];
        int pos = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = pos;
            int[] st = out.strides.clone();
            Tensor window = new Tensor(out.storage, t.shape, st, pos * out.strides[d], null, false);
            window.backend().copy(t, window);
            pos += t.shape[d];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        if (Autograd.needsGrad(inputs)) {
            int[] sizes = new int[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                sizes[i] = inputs[i].shape[d];
            }
            // the backward keeps only the sizes, not the input tensors
            Autograd.record(out, "cat", inputs, new Tensor[0], (g, s) -> {
                Tensor[] grads = new Tensor[sizes.length];
                for (int i = 0; i < sizes.length; i++) {
                    if (Autograd.needsInputGrad(i)) {
                        grads[i] = g.narrow(d, starts[i], sizes[i]);
                    }
                }
                return grads;
            });
        }
        return out;
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        int[] shape = tensors.get(0).shape;
        int d = Shapes.wrapDim("stack", dim, shape.length + 1);
        Tensor[] parts = new Tensor[tensors.size()];
        for (int i = 0; i < parts.length; i++) {
            Tensor t = tensors.get(i);
            if (!Arrays.equals(t.shape, shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got "
                        + Arrays.toString(shape) + " at entry 0 and " + Arrays.toString(t.shape) + " at entry " + i);
            }
            parts[i] = t.unsqueeze(d);
        }
        return cat(List.of(parts), d);
    }
}
