package alf.optimizers;

import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * Reusable scratch tensors for the update rules, so a step allocates no per-parameter temporaries for the
 * intermediate products the tensor API has no fused op for. Each numbered slot is one flat buffer per dtype and
 * device, grown to the largest parameter seen; {@link #like} hands out a view of it with a parameter's shape.
 * A slot's content is valid only until the next call for the same slot.
 */
final class Workspace {
    private record Key(int slot, DType dtype, Device device) {
    }

    private final Map<Key, Tensor> buffers = new HashMap<>();

    /** A scratch tensor with the shape, dtype and device of {@code like}, backed by slot {@code slot}. */
    Tensor like(int slot, Tensor like) {
        Key key = new Key(slot, like.dtype(), like.device());
        int n = like.numel();
        Tensor flat = buffers.get(key);
        if (flat == null || flat.numel() < n) {
            flat = Tensor.empty(like.dtype(), like.device(), Math.max(n, 1));
            buffers.put(key, flat);
        }
        return flat.narrow(0, 0, n).view(like.shape());
    }
}
