package alf.tensor;

/**
 * The service-provider interface of primitive kernels. Differentiable operations ({@link Tensor}'s op API and its
 * backward formulas) are written once on top of it, so autograd works on every backend; a backend implements only
 * these kernels and must pass the shared backend-conformance suite.
 *
 * <p>Contracts common to every kernel: the output tensor is preallocated by the caller on this backend (kernels never
 * allocate their result), inputs may be arbitrary strided views (including 0-strides from broadcasting), and the
 * output never aliases an input unless the method says so.
 */
public interface Backend {

    /** A short name, e.g. {@code cpu} or {@code nd4j} (see {@link BackendProvider}). */
    String name();

    /** The device this backend's storages live on. */
    Device device();

    /** A zero-filled storage. */
    Storage allocate(DType dtype, int size);

    /**
     * A storage holding the elements of {@code hostArray}, the {@link HostArrays host array} of {@code dtype}: the one
     * way elements enter a backend from the host ({@link Tensor#of(float[], int...)}, {@link Backends#adopt}). The
     * caller hands the array over and never touches it again, so a host-memory backend may keep it without copying.
     */
    Storage fromHost(DType dtype, Object hostArray);

    /**
     * The most threads one kernel of this backend may use (e.g. a large matrix product). Backends whose kernels ALF
     * does not parallelise itself (nd4j runs its own OpenMP pool) return 1 and ignore {@link #setMaxThreads}.
     */
    default int maxThreads() {
        return 1;
    }

    /**
     * True when kernel calls on disjoint tensors may run at the same time from different threads, each completing
     * before it returns (host-memory backends with thread-confined scratch space). A captured plan then replays
     * independent calls on several threads ({@code alf.tensor.plan.ReplayLanes}); a device backend that queues calls
     * on one stream, or a library with thread-affine state, returns false (the default) and replays in order.
     */
    default boolean concurrentCalls() {
        return false;
    }

    /** Limits the threads one kernel may use to {@code threads} (at least 1), e.g. when runs execute in parallel. */
    default void setMaxThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("setMaxThreads: threads must be >= 1, got " + threads);
        }
    }

    /** Sets every element of {@code out} (any strides) to {@code value}, cast to its dtype. */
    void fill(Tensor out, double value);

    /** Copies {@code src} into {@code dst} of the same shape, converting the dtype; dst may be any strided view. */
    void copy(Tensor src, Tensor dst);

    /** out = op(x) elementwise; x and out have the same shape; out may be x itself (in-place). */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /**
     * out = op(a, b) elementwise; a and b are already broadcast to out's shape and share one dtype (the computation
     * dtype); out has that dtype or bool for comparisons. out may alias a (in-place ops).
     */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** out = cond ? a : b, all four of one shape; a, b and out of one dtype; cond bool. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /**
     * Reduces x over the dimensions flagged in {@code dims}; out has x's rank with size 1 in each reduced dimension.
     * Reducing over no element gives the op's identity (0 for SUM, 1 for PROD, false/true for ANY/ALL); MAX and MIN
     * of no element are errors the caller reports.
     */
    void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out);

    /**
     * Index of the maximum ({@code max = true}) or minimum along {@code dim}: out (int64) has x's shape with size 1 at
     * dim; ties give the first index; a NaN counts as the extreme (as torch.argmax).
     */
    void argReduce(boolean max, Tensor x, int dim, Tensor out);

    /** Batched matrix product: a [B, M, K] · b [B, K, N] → out [B, M, N] (contiguous), one floating dtype. */
    void matmul(Tensor a, Tensor b, Tensor out);

    /** out[i][j][k] = x[i][index[i][j][k]][k] (for dim = 1; any rank/dim analogously); index int64, shaped as out. */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /** out[i][index[i][j][k]][k] += src[i][j][k] (for dim = 1); accumulates in the order of src's elements. */
    void scatterAdd(Tensor out, int dim, Tensor index, Tensor src);

    /** out = x selected along dim at the int64 indices given by the 1-d index tensor. */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /**
     * One Adam-family update of one parameter in place ({@link AdamRule} gives the formula): a fused kernel where the
     * backend has one. The default runs {@link AdamRule#applyComposed}, today's primitive kernels in their order; an
     * override must produce the very same bits (the same float operations in the same order per element, no fused
     * multiply-add). The slots' tensors live on this backend; the rule's per-step numbers are read when it runs.
     */
    default void adamStep(AdamRule rule, AdamSlots slots) {
        rule.applyComposed(slots);
    }

    /**
     * The Adam-family updates of every parameter of one optimizer group in one call: {@code rules.get(i)} applied to
     * {@code slots.get(i)} for each i (the lists have one length; the parameters are distinct and each update touches
     * only its own slots, so the order does not change a bit). A captured plan then holds one call per group instead
     * of one per parameter. The default runs {@link #adamStep} for each parameter in list order; an override (e.g.
     * one that spreads the parameters over several threads) must give the same bits.
     */
    default void adamStepGroup(java.util.List<AdamRule> rules, java.util.List<AdamSlots> slots) {
        if (rules.size() != slots.size()) {
            throw new IllegalArgumentException("adamStepGroup: " + rules.size() + " rules for " + slots.size()
                    + " parameters");
        }
        for (int i = 0; i < slots.size(); i++) {
            adamStep(rules.get(i), slots.get(i));
        }
    }

    /**
     * out = relu(z + bias), the bias broadcast over z's last dimension: a linear layer's bias and ReLU in one pass
     * where the backend fuses them. z and out have one shape and floating dtype, bias has shape [z.size(-1)]; out may
     * be z. The default runs today's two kernels ({@link #binary} ADD, then {@link #unary} RELU in place on out); an
     * override must give the same bits.
     */
    default void biasRelu(Tensor z, Tensor bias, Tensor out) {
        binary(BinaryOp.ADD, z, ShapeOps.expandRaw(bias, z.shape), out);
        unary(UnaryOp.RELU, out, out);
    }

    /**
     * out = relu(a·b + bias): a batched product ({@link #matmul}: a [B, M, K], b [B, K, N], out [B, M, N]
     * contiguous) with a linear layer's bias (shape [N], over out's last dimension) and ReLU applied as the product is
     * stored, so the pre-activation is never written. The default runs {@link #matmul} and then {@link #biasRelu} in
     * place on out; an override must give the same bits (the product rounded to the dtype, then the sum, then ReLU).
     */
    default void matmulBiasRelu(Tensor a, Tensor b, Tensor bias, Tensor out) {
        matmul(a, b, out);
        biasRelu(out, bias, out);
    }

    /**
     * y ← β·y + α·x elementwise (Polyak averaging of target networks): y and x have one shape and floating dtype; β
     * and α are first rounded to that dtype, as a Java number operand of an op is, each product is rounded, then the
     * sum. The default runs today's three kernels ({@link #binary} MUL of y by β in place, MUL of x by α into a
     * temporary, ADD into y); an override must give the same bits.
     */
    default void scaleAdd(Tensor y, double beta, Tensor x, double alpha) {
        Tensor scaledX = Tensor.empty(y.dtype(), y.device(), y.shape);
        binary(BinaryOp.MUL, y, ShapeOps.expandRaw(ShapeOps.castRaw(Tensor.wrap(beta), y.dtype()), y.shape), y);
        binary(BinaryOp.MUL, x, ShapeOps.expandRaw(ShapeOps.castRaw(Tensor.wrap(alpha), y.dtype()), y.shape), scaledX);
        binary(BinaryOp.ADD, y, scaledX, y);
    }

    /**
     * The backward of {@link #biasRelu}: gz = (y > 0 ? g : 0) (ReLU's gradient from its output y) and biasGrad = Σ of
     * gz over every dimension but the last (the bias gradient, as a column sum in row order). g, y and gz have one
     * shape; biasGrad has gz's rank with size 1 in every dimension but the last. The default runs today's two kernels
     * ({@link #binary} RELU_BACKWARD, then {@link #reduce} SUM); an override must give the same bits.
     */
    default void reluBackwardBiasSum(Tensor g, Tensor y, Tensor gz, Tensor biasGrad) {
        binary(BinaryOp.RELU_BACKWARD, g, y, gz);
        boolean[] dims = new boolean[gz.dim()];
        java.util.Arrays.fill(dims, 0, dims.length - 1, true);
        reduce(ReduceOp.SUM, gz, dims, biasGrad);
    }

    /**
     * out = the log-density of a tanh-squashed diagonal Gaussian per batch element ({@link SquashedGaussian} gives
     * the formula): u, loc (μ) and scale (σ) have one shape and floating dtype, out has u's shape without the last
     * {@code u.dim() − out.dim()} (event) dimensions and is contiguous; eventScale (the affine scale s, shaped as the
     * event) may be null. The default runs today's tensor ops ({@link SquashedGaussian#composedLogProb}) and copies
     * the result into out; an override must give the same bits.
     */
    default void squashedGaussianLogProb(Tensor u, Tensor loc, Tensor scale, Tensor eventScale, Tensor out) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            copy(SquashedGaussian.composedLogProb(u, loc, scale, eventScale, u.dim() - out.dim()), out);
        }
    }

    /**
     * The backward of {@link #squashedGaussianLogProb} for the output gradient g (batch-shaped): gu, gLoc and gScale
     * (u's shape, contiguous) receive the gradients with respect to u, μ and σ, u's as the sum of its three
     * contributions in the backward engine's order. The default runs today's backward formulas as tensor ops
     * ({@link SquashedGaussian#composedGradients}) and copies the results; an override must give the same bits.
     */
    default void squashedGaussianLogProbBackward(Tensor g, Tensor u, Tensor loc, Tensor scale, Tensor gu, Tensor gLoc,
            Tensor gScale) {
        try (GradMode.Scope scope = GradMode.noGrad()) {
            Tensor[] grads = SquashedGaussian.composedGradients(g, u, loc, scale);
            copy(grads[0], gu);
            copy(grads[1], gLoc);
            copy(grads[2], gScale);
        }
    }

    /**
     * True when this backend draws uniform and normal random numbers on its device ({@link #random}); false (the
     * default) makes {@link Tensor#rand}, {@link Tensor#randn} and {@link Tensor#uniform} draw on the host from the
     * {@link Rng}, element by element, as the CPU backends do.
     */
    default boolean drawsOnDevice() {
        return false;
    }

    /**
     * Fills the contiguous floating tensor {@code out} with draws of the device's counter-based generator: uniform on
     * [a, b) or, with {@code normal}, normal with mean a and standard deviation b; the whole draw is a function of
     * {@code key}, which the caller takes from the run's {@link Rng}. Only where {@link #drawsOnDevice()}.
     */
    default void random(Tensor out, boolean normal, long key, double a, double b) {
        throw new UnsupportedOperationException("backend " + name() + " has no device random generator");
    }

    /**
     * Whether every element of {@code x} is finite (neither NaN nor ±∞); integral and bool tensors always are. Exact.
     * The default sums {@code x} on this backend (NaN and ±∞ propagate, so a finite sum proves every element finite:
     * one reduction and one number read back, cheap on a device) and only when the sum is not finite — a non-finite
     * element, or finite ones whose sum overflows — reads {@code x} to the host and examines each element; a backend
     * overrides it with a scan in place (the trainer screens every trained parameter with it after each update).
     */
    default boolean allFinite(Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            return true;
        }
        try (GradMode.Scope scope = GradMode.noGrad()) {
            if (Double.isFinite(x.sumAll().item())) {
                return true;
            }
        }
        for (double v : x.toDoubleArray()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
