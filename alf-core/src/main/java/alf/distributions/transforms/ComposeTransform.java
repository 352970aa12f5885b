package alf.distributions.transforms;

import alf.tensor.Tensor;
import java.util.List;
import java.util.Optional;

/**
 * The composition y = fₙ(…f₂(f₁(x))) of transforms, applied first to last (torch ComposeTransform).
 *
 * <p>A composition has no cache of its own: each part keeps its own size-1 cache, and {@link #forward} /
 * {@link #inverse} go through the parts' {@link Transform#forward} / {@link Transform#inverse}, so inverting the
 * tensor the composition just produced is answered part by part from the caches (the last part returns the exact
 * x it cached, which is the exact output of the previous part, and so on). The chain of hits breaks at the first
 * part without a cache: an uncached affine after a cached tanh computes (y − loc)/scale as a new tensor, so the tanh
 * misses — caching only the tanh does not help. Every part of a SAC action map must therefore cache.
 *
 * <p>log|det J| = Σᵢ log|det Jᵢ(xᵢ)| with xᵢ₊₁ = fᵢ(xᵢ) recomputed through the parts' forward caches.
 */
public final class ComposeTransform extends Transform {
    private final List<Transform> parts;

    /** The composition of {@code parts} (first applied first); an empty list is the identity. */
    public ComposeTransform(List<Transform> parts) {
        super(0);
        if (parts == null || parts.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("ComposeTransform: parts must be a non-null list without nulls, got "
                    + parts);
        }
        this.parts = List.copyOf(parts);
    }

    /** The composition of {@code parts}. */
    public static ComposeTransform of(Transform... parts) {
        return new ComposeTransform(List.of(parts));
    }

    /** The parts, first applied first. */
    public List<Transform> parts() {
        return parts;
    }

    @Override
    public Tensor apply(Tensor x) {
        Tensor y = x;
        for (Transform t : parts) {
            y = t.apply(y);
        }
        return y;
    }

    @Override
    protected Tensor invert(Tensor y) {
        Tensor x = y;
        for (int i = parts.size() - 1; i >= 0; i--) {
            x = parts.get(i).invert(x);
        }
        return x;
    }

    /** Forward through the parts, each using and refreshing its own cache. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (Transform t : parts) {
            y = t.forward(y);
        }
        return y;
    }

    /** Inverse through the parts in reverse order, each with its own cache and {@code policy}. */
    @Override
    public Tensor inverse(Tensor y, CacheMissPolicy policy) {
        Tensor x = y;
        for (int i = parts.size() - 1; i >= 0; i--) {
            x = parts.get(i).inverse(x, policy);
        }
        return x;
    }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        if (parts.isEmpty()) {
            return Tensor.zerosLike(x);
        }
        Tensor total = null;
        Tensor xi = x;
        for (Transform t : parts) {
            Tensor yi = t.forward(xi);
            Tensor l = t.logAbsDetJacobian(xi, yi);
            total = total == null ? l : total.add(l);
            xi = yi;
        }
        return total;
    }

    /** The sum of the parts' constant log-Jacobians, when every part has one. */
    @Override
    public Optional<Tensor> constantLogAbsDetJacobian() {
        Tensor total = null;
        for (Transform t : parts) {
            Optional<Tensor> l = t.constantLogAbsDetJacobian();
            if (l.isEmpty()) {
                return Optional.empty();
            }
            total = total == null ? l.get() : total.add(l.get());
        }
        return Optional.of(total == null ? Tensor.scalar(0.0, alf.tensor.DType.FLOAT64) : total);
    }

    @Override
    public int[] forwardShape(int[] shape) {
        int[] s = shape.clone();
        for (Transform t : parts) {
            s = t.forwardShape(s);
        }
        return s;
    }

    @Override
    public boolean inverseIsIllConditioned() {
        return parts.stream().anyMatch(Transform::inverseIsIllConditioned);
    }

    /** The sum over the parts. */
    @Override
    public long cacheHits() {
        return parts.stream().mapToLong(Transform::cacheHits).sum();
    }

    /** The sum over the parts. */
    @Override
    public long cacheMisses() {
        return parts.stream().mapToLong(Transform::cacheMisses).sum();
    }

    @Override
    public void clearCache() {
        parts.forEach(Transform::clearCache);
    }

    @Override
    public String toString() {
        return "ComposeTransform" + parts;
    }
}
