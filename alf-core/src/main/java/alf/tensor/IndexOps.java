package alf.tensor;

import java.util.Arrays;

/** Differentiable gathering and scattering along a dimension, and one-hot encoding. */
final class IndexOps {
    private IndexOps() {
    }

    private static void checkIndexType(String op, Tensor index) {
        if (index.dtype() != DType.INT64 && index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": index must be int64 or int32, got " + index.dtype());
        }
    }

    private static void checkGatherShapes(String op, Tensor x, int d, Tensor index) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException(op + ": index of shape " + Arrays.toString(index.shape)
                    + " must have the same rank as the input of shape " + Arrays.toString(x.shape));
        }
        for (int k = 0; k < x.dim(); k++) {
            if (k != d && index.shape[k] > x.shape[k]) {
                throw new IllegalArgumentException(op + ": index of shape " + Arrays.toString(index.shape)
                        + " is larger than the input of shape " + Arrays.toString(x.shape) + " at dimension " + k);
            }
        }
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        checkIndexType("gather", index);
        int d = Shapes.wrapExistingDim("gather", dim, x.dim());
        checkGatherShapes("gather", x, d, index);
        Tensor out = Tensor.empty(x.dtype(), x.device(), index.shape);
        out.backend().gather(x, d, index, out);
        if (Autograd.needsGrad(x)) {
            int[] in = x.shape;
            Autograd.record(out, "gather", new Tensor[] {x}, new Tensor[] {index},
                    (g, s) -> new Tensor[] {Tensor.zeros(g.dtype(), in).scatterAdd(d, s[0], g)});
        }
        return out;
    }

    static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        checkIndexType("scatterAdd", index);
        int d = Shapes.wrapExistingDim("scatterAdd", dim, self.dim());
        checkGatherShapes("scatterAdd", self, d, index);
        for (int k = 0; k < index.dim(); k++) {
            if (index.shape[k] > src.shape[k]) {
                throw new IllegalArgumentException("scatterAdd: index of shape " + Arrays.toString(index.shape)
                        + " is larger than src of shape " + Arrays.toString(src.shape) + " at dimension " + k);
            }
        }
        Tensor out = Tensor.empty(self.dtype(), self.device(), self.shape);
        out.backend().copy(self, out);
        Tensor castSrc = ShapeOps.castRaw(src, self.dtype());
        Tensor srcWindow = Tensor.rawView(castSrc.storage(), index.shape, castSrc.strides, castSrc.offset);
        out.backend().scatterAdd(out, d, index, srcWindow);
        if (Autograd.needsGrad(self, src)) {
            Autograd.record(out, "scatter_add", new Tensor[] {self, src}, new Tensor[] {index}, (g, s) -> {
                Tensor gs = null;
                if (Autograd.needsInputGrad(1)) {
                    gs = g.gather(d, s[0]);
                    if (!Arrays.equals(gs.shape, src.shape)) {
                        gs = ShapeOps.sliceScatter(gs, src.shape, 0, 0, 1);
                    }
                }
                return new Tensor[] {g, gs};
            });
        }
        return out;
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        checkIndexType("indexSelect", index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException("indexSelect: index must be 0-d or 1-d, got shape "
                    + Arrays.toString(index.shape));
        }
        int d = Shapes.wrapExistingDim("indexSelect", dim, x.dim());
        int[] shape = x.shape.clone();
        shape[d] = index.numel();
        Tensor out = Tensor.empty(x.dtype(), x.device(), shape);
        out.backend().indexSelect(x, d, index, out);
        if (Autograd.needsGrad(x)) {
            int[] in = x.shape;
            Autograd.record(out, "index_select", new Tensor[] {x}, new Tensor[] {index}, (g, s) -> {
                int[] idxShape = new int[g.dim()];
                Arrays.fill(idxShape, 1);
                idxShape[d] = s[0].numel();
                Tensor idx = s[0].reshape(idxShape).expand(g.shape);
                return new Tensor[] {Tensor.zeros(g.dtype(), in).scatterAdd(d, idx, g)};
            });
        }
        return out;
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        if (labels.dtype().isFloatingPoint() || labels.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("oneHot: expects an integral tensor, got " + labels.dtype());
        }
        if (numClasses <= 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        }
        long[] values = labels.toLongArray();
        int[] shape = Arrays.copyOf(labels.shape, labels.dim() + 1);
        shape[labels.dim()] = numClasses;
        float[] data = new float[values.length * numClasses];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= numClasses) {
                throw new IllegalArgumentException("oneHot: class value " + values[i] + " at flat index " + i
                        + " is outside [0, " + numClasses + ")");
            }
            data[i * numClasses + (int) values[i]] = 1f;
        }
        return Tensor.of(data, shape);
    }
}
