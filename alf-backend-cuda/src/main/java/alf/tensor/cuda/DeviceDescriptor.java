package alf.tensor.cuda;

import alf.tensor.Tensor;

/**
 * The by-value {@code Desc} struct of the kernels (alf_kernels.cu): rank, element offset, then shape and strides
 * padded to {@value #MAX_RANK} dimensions, 18 ints in all, passed to {@code cuLaunchKernel} as one parameter.
 */
final class DeviceDescriptor {
    /** ALF_MAX_RANK of the kernels. */
    static final int MAX_RANK = 8;

    private DeviceDescriptor() {
    }

    /** The descriptor of a tensor's strided view. */
    static int[] of(Tensor t) {
        return of(t.shape(), t.strides(), t.offset());
    }

    /** The descriptor of an explicit view; a clear error above {@value #MAX_RANK} dimensions. */
    static int[] of(int[] shape, int[] strides, int offset) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("the cuda backend's kernels take tensors of at most " + MAX_RANK
                    + " dimensions, got a tensor of shape " + java.util.Arrays.toString(shape));
        }
        int[] d = new int[2 + 2 * MAX_RANK];
        d[0] = shape.length;
        d[1] = offset;
        System.arraycopy(shape, 0, d, 2, shape.length);
        System.arraycopy(strides, 0, d, 2 + MAX_RANK, strides.length);
        return d;
    }
}
