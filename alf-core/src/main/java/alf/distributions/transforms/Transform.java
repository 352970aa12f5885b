package alf.distributions.transforms;

import alf.tensor.Tensor;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An invertible, differentiable elementwise map y = f(x) with its log-Jacobian, for
 * {@link alf.distributions.TransformedDistribution} (torch.distributions.transforms.Transform).
 *
 * <p><b>The size-1 cache.</b> A transform built with {@code cacheSize = 1} (the default everywhere in ALF) remembers
 * the pair (x, y) of its last {@link #forward} or {@link #inverse}. {@code forward(x)} on the very same x object
 * returns the cached y, and {@code inverse(y)} on the very same y object returns the cached x — no recomputation, and
 * in particular no atanh of a saturated tanh. Identity is by <em>reference</em> (PyTorch's {@code y is cached_y}),
 * and an in-place write to the cached tensor since it was cached (a bumped storage version) also counts as a miss.
 *
 * <p><b>The rule for misses</b> (what happens when the cache is bypassed): a miss of a transform whose inverse is
 * ill-conditioned ({@link #inverseIsIllConditioned()}, tanh) is never silent: it is counted
 * ({@link #cacheMisses()}) and, depending on the {@link CacheMissPolicy}, either logged once per transform class and
 * answered with the stable inverse, or refused with {@link CacheMissException}. An uncached ill-conditioned transform
 * ({@code cacheSize = 0}) misses on every inverse. Misses of well-conditioned transforms (affine) are counted only.
 * A copied action, or an uncached transform <em>after</em> a cached tanh (whose inverse creates a new tensor), both
 * bypass the cache — see {@link ComposeTransform}.
 *
 * <p>Not thread-safe: one transform object belongs to one thread's computation, like the tensors in its cache.
 */
public abstract class Transform {
    private static final Logger LOG = LoggerFactory.getLogger(Transform.class);
    private static final Set<Class<?>> WARNED = ConcurrentHashMap.newKeySet();

    private final int cacheSize;
    private Tensor cachedX;
    private Tensor cachedY;
    private int cachedXVersion;
    private int cachedYVersion;
    private long hits;
    private long misses;

    /**
     * @param cacheSize 1 to cache the last (x, y) pair, 0 for no cache
     */
    protected Transform(int cacheSize) {
        if (cacheSize != 0 && cacheSize != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": cacheSize must be 0 or 1, got "
                    + cacheSize);
        }
        this.cacheSize = cacheSize;
    }

    /** 1 when the last (x, y) pair is cached, 0 otherwise. */
    public final int cacheSize() {
        return cacheSize;
    }

    /** y = f(x), without touching the cache (e.g. for the mode, which must not evict the sample's pair). */
    public abstract Tensor apply(Tensor x);

    /** x = f⁻¹(y) by formula, without touching the cache; the stable form where f⁻¹ is ill-conditioned. */
    protected abstract Tensor invert(Tensor y);

    /** log |det ∂y/∂x| elementwise (every transform here acts elementwise), broadcast to the shape of y. */
    public abstract Tensor logAbsDetJacobian(Tensor x, Tensor y);

    /** The log-Jacobian when it does not depend on x (affine maps), else empty. */
    public Optional<Tensor> constantLogAbsDetJacobian() {
        return Optional.empty();
    }

    /** The shape of f(x) for an x of {@code shape} (parameters may broadcast it). */
    public int[] forwardShape(int[] shape) {
        return shape.clone();
    }

    /** True when recovering x from y loses precision badly (tanh near ±1), so cache misses are not silent. */
    public boolean inverseIsIllConditioned() {
        return false;
    }

    /** y = f(x), served from (and stored in) the cache. */
    public Tensor forward(Tensor x) {
        if (cacheSize == 1 && x == cachedX && x.storage().version() == cachedXVersion) {
            hits++;
            return cachedY;
        }
        Tensor y = apply(x);
        remember(x, y);
        return y;
    }

    /** x = f⁻¹(y) with {@link CacheMissPolicy#FALL_BACK_AND_WARN}. */
    public final Tensor inverse(Tensor y) {
        return inverse(y, CacheMissPolicy.FALL_BACK_AND_WARN);
    }

    /**
     * x = f⁻¹(y): the cached x when {@code y} is the cached y object (unmodified), otherwise a miss handled by
     * {@code policy} (see the class comment); the recovered pair is then cached.
     *
     * @throws CacheMissException under {@link CacheMissPolicy#THROW} when an ill-conditioned inverse misses
     */
    public Tensor inverse(Tensor y, CacheMissPolicy policy) {
        if (cacheSize == 1 && y == cachedY && y.storage().version() == cachedYVersion) {
            hits++;
            return cachedX;
        }
        if (cacheSize == 1 || inverseIsIllConditioned()) {
            misses++;
            if (inverseIsIllConditioned()) {
                String why = cacheSize == 0 ? "this transform has no cache (cacheSize 0)"
                        : cachedY == null ? "nothing has been cached yet"
                        : y == cachedY ? "the cached output was modified in place"
                        : "the value is not the tensor returned by the last forward";
                if (policy == CacheMissPolicy.THROW) {
                    throw new CacheMissException(getClass().getSimpleName(), why);
                }
                if (WARNED.add(getClass())) {
                    LOG.warn("{} cache miss ({}): falling back to the stable inverse, which cannot recover inputs "
                            + "near saturation (float32 tanh: |x| > ~8.66); log-probabilities there are inaccurate. "
                            + "Logged once; see Transform.cacheMisses().", getClass().getSimpleName(), why);
                }
            }
        }
        Tensor x = invert(y);
        remember(x, y);
        return x;
    }

    private void remember(Tensor x, Tensor y) {
        if (cacheSize == 1) {
            cachedX = x;
            cachedY = y;
            cachedXVersion = x.storage().version();
            cachedYVersion = y.storage().version();
        }
    }

    /** How many forward/inverse calls the cache answered. */
    public long cacheHits() {
        return hits;
    }

    /** How many inverses were computed by formula while a cache could have answered (or, for ill-conditioned
     *  uncached transforms, every inverse). */
    public long cacheMisses() {
        return misses;
    }

    /** Forgets the cached pair (releasing its tensors and their graphs). */
    public void clearCache() {
        cachedX = null;
        cachedY = null;
    }
}
