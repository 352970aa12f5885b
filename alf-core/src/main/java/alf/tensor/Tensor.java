package alf.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A strided n-dimensional array with define-by-run autograd — ALF's {@code torch.Tensor}.
 *
 * <p><b>Layout.</b> A tensor is a {@link Storage} plus shape, strides and offset; element {@code [i0, ..., ik]} lives
 * at {@code offset + Σ ij·strides[j]}. View operations ({@link #view}, {@link #transpose}, {@link #permute},
 * {@link #narrow}, {@link #select}, {@link #unbind}, {@link #expand}, {@link #squeeze}, {@link #unsqueeze}) never copy;
 * {@link #reshape} and {@link #contiguous} copy only when the strides force it.
 *
 * <p><b>Dtypes.</b> float32 is the default. {@code Tensor.scalar(Math.log(2))} is a <em>float32</em> 0-d tensor
 * (0.6931472f): a Java {@code double} literal means "a real number", which the default float dtype represents, as a
 * Python float does in PyTorch ≥ 1.8 — so mixing it into float32 math never silently upgrades to float64 (the
 * float64-scalar pitfall of older PyTorch). Ask for float64 explicitly with {@code scalar(v, DType.FLOAT64)}. Mixed
 * operands follow {@link TypePromotion}; broadcasting follows NumPy ({@link Shapes#broadcast}).
 *
 * <p><b>Autograd.</b> Leaves are tensors created by the user; {@link #setRequiresGrad} marks a floating leaf for
 * gradients. Ops on tensors that require grad record a graph ({@link #gradFn()}); {@link #backward()} accumulates
 * into leaves' {@link #grad()} until {@link #zeroGrad()}; non-leaves keep their gradient only after
 * {@link #retainGrad()}. In-place ops (names ending in {@code i} or {@code _}) bump the storage's version counter, and
 * a backward that needs a modified tensor fails naming the op. {@link GradMode#noGrad()} turns recording off.
 *
 * <p><b>Reductions</b> take explicit dimensions ({@code sum(dim, keepDim)}); whole-tensor reductions have their own
 * names ({@link #sumAll()}, {@link #meanAll()}, {@link #maxAll()}, {@link #minAll()}) so a reduction over everything
 * is always visible in the code.
 */
public final class Tensor {
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;
    private final boolean wrappedNumber;
    /** The tensor this one is a view of (null when it owns its storage). */
    private final Tensor viewBase;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;
    private Node accumulator;
    private boolean retainsGrad;

    Tensor(Storage storage, int[] shape, int[] strides, int offset, Tensor viewBase, boolean wrappedNumber) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.viewBase = viewBase;
        this.wrappedNumber = wrappedNumber;
    }

    // ------------------------------------------------------------------ construction

    /** A new contiguous tensor wrapping {@code storage} (which it then owns). */
    static Tensor fromStorage(Storage storage, int[] shape) {
        return new Tensor(storage, shape.clone(), Shapes.contiguousStrides(shape), 0, null, false);
    }

    /**
     * A view on raw storage with explicit strides, recording nothing: for backend kernels and interop only (a
     * differentiable strided view is made with the view ops).
     */
    public static Tensor rawView(Storage storage, int[] shape, int[] strides, int offset) {
        return new Tensor(storage, shape.clone(), strides.clone(), offset, null, false);
    }

    /** A zero-filled contiguous tensor on {@code device}'s backend. */
    public static Tensor empty(DType dtype, Device device, int... shape) {
        Backend b = Backends.forDevice(device);
        return fromStorage(b.allocate(dtype, Shapes.numel(shape)), shape);
    }

    /** A tensor on the default CPU backend holding a host array's elements (handed over, see {@link HostArrays}). */
    private static Tensor onDefault(DType dtype, Object hostArray, int[] shape) {
        return fromStorage(Backends.forDevice(Device.CPU).fromHost(dtype, hostArray), shape);
    }

    private static int[] checkShape(int length, int[] shape) {
        int[] s = shape.length == 0 ? new int[] {length} : shape;
        if (Shapes.numel(s) != length) {
            throw new IllegalArgumentException("data of length " + length + " does not fit shape "
                    + Arrays.toString(s));
        }
        return s;
    }

    /** A float32 tensor holding a copy of {@code data}; shape defaults to {@code [data.length]}. */
    public static Tensor of(float[] data, int... shape) {
        return onDefault(DType.FLOAT32, data.clone(), checkShape(data.length, shape));
    }

    /** A float64 tensor holding a copy of {@code data}; shape defaults to {@code [data.length]}. */
    public static Tensor of(double[] data, int... shape) {
        return onDefault(DType.FLOAT64, data.clone(), checkShape(data.length, shape));
    }

    /** An int64 tensor holding a copy of {@code data}; shape defaults to {@code [data.length]}. */
    public static Tensor of(long[] data, int... shape) {
        return onDefault(DType.INT64, data.clone(), checkShape(data.length, shape));
    }

    /** An int32 tensor holding a copy of {@code data}; shape defaults to {@code [data.length]}. */
    public static Tensor of(int[] data, int... shape) {
        return onDefault(DType.INT32, data.clone(), checkShape(data.length, shape));
    }

    /** A bool tensor holding a copy of {@code data}; shape defaults to {@code [data.length]}. */
    public static Tensor of(boolean[] data, int... shape) {
        return onDefault(DType.BOOL, data.clone(), checkShape(data.length, shape));
    }

    /** A tensor of the given dtype holding {@code data} rounded to it (e.g. float16 from doubles). */
    public static Tensor of(double[] data, DType dtype, int... shape) {
        Tensor t = of(data, shape);
        return dtype == DType.FLOAT64 ? t : t.to(dtype);
    }

    /** A 0-d float32 tensor (the default float dtype; see the class comment on why not float64). */
    public static Tensor scalar(double value) {
        return scalar(value, DType.DEFAULT_FLOAT);
    }

    /** A 0-d tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        Tensor t = empty(dtype, Device.CPU);
        t.storage.setDouble(0, value);
        return t;
    }

    /** A 0-d int64 tensor. */
    public static Tensor scalar(long value) {
        Tensor t = empty(DType.INT64, Device.CPU);
        t.storage.setLong(0, value);
        return t;
    }

    /** A 0-d bool tensor. */
    public static Tensor scalar(boolean value) {
        Tensor t = empty(DType.BOOL, Device.CPU);
        t.storage.setLong(0, value ? 1 : 0);
        return t;
    }

    /** A Java number as an operand: takes part in type promotion as a wrapped number (see {@link TypePromotion}). */
    static Tensor wrap(double value) {
        Storage s = Backends.host().fromHost(DType.FLOAT64, new double[] {value});
        return new Tensor(s, new int[0], new int[0], 0, null, true);
    }

    /**
     * A Java number computed by {@code value}, as an operand like the {@code 2.0} of {@code t.mul(2.0)} (a wrapped
     * number): it is evaluated now, and again on every replay of a captured plan ({@link KernelTap#hostScalar}), so a
     * value that changes from step to step — a bias-corrected step size, a scheduled learning rate — may enter a
     * captured step. {@code value} must compute from live state (fields, counters), not from numbers copied into it.
     */
    public static Tensor hostScalar(java.util.function.DoubleSupplier value) {
        Tensor t = wrap(value.getAsDouble());
        KernelTap tap = KernelTap.current();
        if (tap != null) {
            tap.hostScalar(value, t);
        }
        return t;
    }

    static Tensor wrap(long value) {
        Storage s = Backends.host().fromHost(DType.INT64, new long[] {value});
        return new Tensor(s, new int[0], new int[0], 0, null, true);
    }

    /** float32 zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.DEFAULT_FLOAT, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, Device.CPU, shape);
    }

    /** float32 ones. */
    public static Tensor ones(int... shape) {
        return full(DType.DEFAULT_FLOAT, 1.0, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1.0, shape);
    }

    /** A tensor filled with {@code value} cast to {@code dtype}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = empty(dtype, Device.CPU, shape);
        if (value != 0.0) {
            t.backend().fill(t, value);
        }
        return t;
    }

    /** Zeros with the shape, dtype and device of {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return empty(t.dtype(), t.device(), t.shape);
    }

    /** Ones with the shape, dtype and device of {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return fullLike(t, 1.0);
    }

    /** {@code value} with the shape, dtype and device of {@code t}. */
    public static Tensor fullLike(Tensor t, double value) {
        Tensor r = empty(t.dtype(), t.device(), t.shape);
        r.backend().fill(r, value);
        return r;
    }

    /** int64 {@code [0, 1, ..., end-1]}. */
    public static Tensor arange(long end) {
        long[] d = new long[Math.toIntExact(Math.max(end, 0))];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return onDefault(DType.INT64, d, new int[] {d.length});
    }

    /** {@code start, start+step, ...} below {@code end}, in {@code dtype}. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = empty(dtype, Device.CPU, n);
        for (int i = 0; i < n; i++) {
            t.storage.setDouble(i, start + i * step);
        }
        return t;
    }

    /** {@code steps} evenly spaced values from start to end inclusive (torch.linspace). */
    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        }
        Tensor t = empty(dtype, Device.CPU, steps);
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        int half = steps / 2;
        for (int i = 0; i < steps; i++) {
            // symmetric evaluation as PyTorch: from the start for the first half, from the end for the rest
            t.storage.setDouble(i, steps == 1 ? start : i < half ? start + step * i : end - step * (steps - 1 - i));
        }
        return t;
    }

    /** The n×n identity matrix. */
    public static Tensor eye(int n, DType dtype) {
        Tensor t = empty(dtype, Device.CPU, n, n);
        for (int i = 0; i < n; i++) {
            t.storage.setDouble(i * n + i, 1.0);
        }
        return t;
    }

    // ------------------------------------------------------------------ random (explicit Rng; see RandomOps)

    /** Uniform [0, 1) float32. */
    public static Tensor rand(Rng rng, int... shape) {
        return RandomOps.uniform(rng, 0.0, 1.0, DType.DEFAULT_FLOAT, shape);
    }

    /** Standard normal float32. */
    public static Tensor randn(Rng rng, int... shape) {
        return RandomOps.normal(rng, 0.0, 1.0, DType.DEFAULT_FLOAT, shape);
    }

    /** Standard normal in {@code dtype}. */
    public static Tensor randn(Rng rng, DType dtype, int... shape) {
        return RandomOps.normal(rng, 0.0, 1.0, dtype, shape);
    }

    /** Uniform [low, high) in {@code dtype}. */
    public static Tensor uniform(Rng rng, double low, double high, DType dtype, int... shape) {
        return RandomOps.uniform(rng, low, high, dtype, shape);
    }

    /** Bernoulli draws (same dtype as {@code p}) with success probabilities {@code p}. */
    public static Tensor bernoulli(Rng rng, Tensor p) {
        return RandomOps.bernoulli(rng, p);
    }

    /** Uniform integers in [low, high) as int64. */
    public static Tensor randint(Rng rng, long low, long high, int... shape) {
        return RandomOps.randint(rng, low, high, shape);
    }

    /** A random permutation of {@code 0..n-1} as int64 (Fisher–Yates). */
    public static Tensor randperm(Rng rng, int n) {
        return RandomOps.randperm(rng, n);
    }

    // ------------------------------------------------------------------ metadata

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[Shapes.wrapExistingDim("size", d, shape.length)];
    }

    /** Rank (number of dimensions). */
    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shapes.numel(shape);
    }

    /** Whether this tensor's shape is {@code shape}, compared in place (no copy, unlike {@link #shape()}). */
    public boolean hasShape(int[] shape) {
        return Arrays.equals(this.shape, shape);
    }

    /** Whether this tensor and {@code other} have the same shape, compared in place. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** A copy of the strides (in elements). */
    public int[] strides() {
        return strides.clone();
    }

    /** Stride of dimension {@code d} in elements (negative counts from the end); no copy, unlike {@link #strides}. */
    public int stride(int d) {
        return strides[Shapes.wrapExistingDim("stride", d, strides.length)];
    }

    /** Offset of the first element in the storage. */
    public int offset() {
        return offset;
    }

    public Storage storage() {
        return storage;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    /** The backend whose kernels run this tensor's ops (through the thread's {@link KernelTap} when one is set). */
    public Backend backend() {
        KernelTap tap = KernelTap.current();
        return tap == null ? storage.backend() : tap.intercept(storage.backend());
    }

    /** True for operands made from Java numbers (they rank lowest in type promotion). */
    public boolean isWrappedNumber() {
        return wrappedNumber;
    }

    /** The tensor this one is a view of, or null. */
    public Tensor viewBase() {
        return viewBase;
    }

    /**
     * True when the elements are laid out row-major without gaps (size-1 dims may have any stride; a tensor of zero
     * elements is contiguous whatever its strides, as in PyTorch).
     */
    public boolean isContiguous() {
        int expected = 1;
        for (int s : shape) {
            if (s == 0) {
                return true;
            }
        }
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1) {
                if (strides[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ autograd state

    /** True when gradients flow to this tensor (a leaf marked for it, or the result of an op on such tensors). */
    public boolean requiresGrad() {
        return requiresGrad || gradFn != null;
    }

    /** Marks (or unmarks) a leaf as needing gradients; only floating leaves can. Returns this. */
    public Tensor setRequiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("setRequiresGrad: only leaf tensors can change requiresGrad; this one is "
                    + "the output of '" + gradFn.name() + "' (use detach() to get a leaf)");
        }
        if (value && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("only floating point tensors can require gradients, got " + dtype());
        }
        this.requiresGrad = value;
        return this;
    }

    /** True for tensors not produced by a recorded op (user-created, or results computed without grad). */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The node that produced this tensor in the graph, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Sets the producing node (used by ops when recording). */
    public void setGradFn(Node node) {
        this.gradFn = node;
    }

    /** The accumulated gradient: on leaves, and on non-leaves after {@link #retainGrad()}; null before backward. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (e.g. by an optimizer or a test); must match the shape. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Arrays.toString(g.shape)
                    + " does not match tensor shape " + Arrays.toString(shape));
        }
        this.grad = g;
    }

    /** Clears the gradient (sets it to null, as PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        this.grad = null;
    }

    /** Asks a non-leaf to keep its gradient in {@link #grad()} after backward (no-op on leaves). */
    public Tensor retainGrad() {
        if (gradFn == null) {
            if (!requiresGrad) {
                throw new IllegalStateException("retainGrad: tensor does not require grad");
            }
            return this;
        }
        retainsGrad = true;
        Autograd.retainGrad(this);
        return this;
    }

    /** True after {@link #retainGrad()} on a non-leaf. */
    public boolean retainsGrad() {
        return retainsGrad;
    }

    /** The leaf's gradient accumulator node (created on first use; for the autograd engine). */
    public Node gradAccumulator() {
        if (accumulator == null) {
            accumulator = Autograd.newAccumulator(this);
        }
        return accumulator;
    }

    /** Adds {@code g} to {@link #grad()} (the engine's accumulation step; the first gradient is copied). */
    public void accumulateGrad(Tensor g) {
        if (grad == null) {
            grad = g.requiresGrad() ? g : g.cloneDetached();
        } else {
            grad = grad.add(g);
        }
    }

    /** Backpropagates from this scalar: accumulates d(this)/d(leaf) into every leaf's grad, then frees the graph. */
    public void backward() {
        Autograd.backward(new Tensor[] {this}, null, false, false);
    }

    /** Backpropagates with an explicit gradient of this tensor's shape (vector-Jacobian product). */
    public void backward(Tensor gradient) {
        Autograd.backward(new Tensor[] {this}, new Tensor[] {gradient}, false, false);
    }

    /** Backpropagates, optionally keeping the graph for another backward and recording for higher order. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(new Tensor[] {this}, new Tensor[] {gradient}, retainGraph, createGraph);
    }

    /**
     * A tensor sharing storage (and its version counter) but cut from the graph: a leaf that does not require grad.
     */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset, null, wrappedNumber);
    }

    /** A contiguous copy cut from the graph. */
    Tensor cloneDetached() {
        Tensor r = empty(dtype(), device(), shape);
        r.backend().copy(this, r);
        return r;
    }

    // ------------------------------------------------------------------ conversion

    /** This tensor converted to {@code dtype} (itself when it already has it); differentiable between floats. */
    public Tensor to(DType dtype) {
        return dtype == dtype() ? this : ShapeOps.cast(this, dtype);
    }

    /** This tensor on {@code device}'s backend (itself when already there). */
    public Tensor to(Device device) {
        return device.equals(device()) ? this : ShapeOps.toDevice(this, device);
    }

    /** Elements in row-major order as float. */
    public float[] toFloatArray() {
        return (float[]) hostCopy(DType.FLOAT32);
    }

    /** Elements in row-major order as double. */
    public double[] toDoubleArray() {
        return (double[]) hostCopy(DType.FLOAT64);
    }

    /**
     * Elements in row-major order as double, written into {@code into} (at least {@link #numel()} long), which is
     * returned: read in place from a contiguous host tensor, so a loop that keeps its array allocates nothing; other
     * tensors go through a host copy, as {@link #toDoubleArray()}.
     *
     * @throws IllegalArgumentException when {@code into} is shorter than the tensor
     */
    public double[] toDoubleArray(double[] into) {
        int n = numel();
        if (into.length < n) {
            throw new IllegalArgumentException("toDoubleArray: array of length " + into.length
                    + " is too short for a tensor of shape " + Arrays.toString(shape) + " (" + n + " elements)");
        }
        if (isContiguous() && Device.CPU.equals(device())) {
            for (int k = 0; k < n; k++) {
                into[k] = storage.getDouble(offset + k);
            }
        } else {
            System.arraycopy(toDoubleArray(), 0, into, 0, n);
        }
        return into;
    }

    /**
     * Stores {@code values} (row-major, the first {@link #numel()} of them) into this contiguous tensor in place,
     * rounded to a floating dtype or truncated to an integral one as a cast would (the values of
     * {@code Tensor.of(values, dtype, shape)}), and bumps its version as any in-place write does. For buffers a
     * loop writes again and again, such as an environment's output time steps.
     *
     * @throws IllegalArgumentException when the tensor is not contiguous or {@code values} is too short
     * @throws IllegalStateException when the tensor requires grad (the write would bypass autograd)
     */
    public Tensor setFrom(double[] values) {
        int n = numel();
        if (requiresGrad()) {
            throw new IllegalStateException("setFrom: tensor of shape " + Arrays.toString(shape)
                    + " requires grad; an in-place write from host values would bypass autograd");
        }
        if (!isContiguous()) {
            throw new IllegalArgumentException("setFrom: tensor of shape " + Arrays.toString(shape)
                    + " is not contiguous");
        }
        if (values.length < n) {
            throw new IllegalArgumentException("setFrom: " + values.length + " values for a tensor of shape "
                    + Arrays.toString(shape) + " (" + n + " elements)");
        }
        if (dtype().isFloatingPoint()) {
            for (int k = 0; k < n; k++) {
                storage.setDouble(offset + k, values[k]);
            }
        } else {
            for (int k = 0; k < n; k++) {
                storage.setLong(offset + k, (long) values[k]);
            }
        }
        bumpVersion();
        return this;
    }

    /** Elements in row-major order as long (floats truncate toward zero). */
    public long[] toLongArray() {
        return (long[]) hostCopy(DType.INT64);
    }

    /** Elements in row-major order as int. */
    public int[] toIntArray() {
        return (int[]) hostCopy(DType.INT32);
    }

    /** Elements in row-major order as boolean (non-zero is true). */
    public boolean[] toBooleanArray() {
        return (boolean[]) hostCopy(DType.BOOL);
    }

    /**
     * A fresh host array of the elements in row-major order, converted to {@code dtype} by the host backend (so every
     * backend's tensors convert alike).
     */
    private Object hostCopy(DType dtype) {
        Backend host = Backends.host();
        Tensor src = Backends.adopt(host, device().equals(Device.CPU) ? this : to(Device.CPU));
        Tensor r = fromStorage(host.allocate(dtype, numel()), shape);
        host.copy(src, r);
        Object array = HostArrays.allocate(dtype, r.numel());
        r.storage.copyToHost(array);
        return array;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + Arrays.toString(shape)
                    + " has " + numel() + " elements, expected 1");
        }
        return storage.getDouble(offset);
    }

    /** The value of a one-element integral tensor, exactly. */
    public long itemLong() {
        if (numel() != 1) {
            throw new IllegalStateException("itemLong: tensor of shape " + Arrays.toString(shape)
                    + " has " + numel() + " elements, expected 1");
        }
        return storage.getLong(offset);
    }

    /**
     * Element {@code i} of a 1-d tensor as a double (int64 values beyond 2^53 round), read in place: no array, no
     * copy, so it suits hot loops over index or reward vectors.
     *
     * @throws IllegalArgumentException when the tensor is not 1-d (the message names its shape)
     * @throws IndexOutOfBoundsException when {@code i} is outside [0, size)
     */
    public double getDouble(int i) {
        return storage.getDouble(vectorOffset("getDouble", i));
    }

    /**
     * Element {@code i} of a 1-d tensor as a long (floating values truncate toward zero), read in place like
     * {@link #getDouble(int)}: exact for int64 indices.
     *
     * @throws IllegalArgumentException when the tensor is not 1-d (the message names its shape)
     * @throws IndexOutOfBoundsException when {@code i} is outside [0, size)
     */
    public long getLong(int i) {
        return storage.getLong(vectorOffset("getLong", i));
    }

    /** The storage offset of element {@code i} of this 1-d tensor. */
    private int vectorOffset(String op, int i) {
        if (shape.length != 1) {
            throw new IllegalArgumentException(op + "(int) reads 1-d tensors, got shape " + Arrays.toString(shape)
                    + " (use get(int...) with one index per dimension)");
        }
        if (i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException(op + ": index " + i + " is out of bounds for shape "
                    + Arrays.toString(shape));
        }
        return offset + i * strides[0];
    }

    /** The element at {@code index} (one index per dimension) as a double. */
    public double get(int... index) {
        return storage.getDouble(elementOffset(index));
    }

    private int elementOffset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank "
                    + shape.length);
        }
        int o = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + i + " is out of bounds for dimension " + d
                        + " with size " + shape[d]);
            }
            o += i * strides[d];
        }
        return o;
    }

    // ------------------------------------------------------------------ views and shape ops (ShapeOps)

    /** A view with a new shape (one size may be -1); fails when the strides do not allow it (use reshape). */
    public Tensor view(int... newShape) {
        return ShapeOps.view(this, newShape);
    }

    /** Like {@link #view} but copies when the strides do not allow a view. */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }

    /** Flattens to 1-d. */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Swaps two dimensions (a view). */
    public Tensor transpose(int dim0, int dim1) {
        return ShapeOps.transpose(this, dim0, dim1);
    }

    /** Transpose of a matrix (rank ≤ 2). */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor of rank <= 2, got shape " + Arrays.toString(shape));
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** Reorders dimensions (a view). */
    public Tensor permute(int... dims) {
        return ShapeOps.permute(this, dims);
    }

    /** The elements {@code start .. start+length-1} along {@code dim} (a view). */
    public Tensor narrow(int dim, int start, int length) {
        return ShapeOps.slice(this, dim, start, start + length, 1, "narrow");
    }

    /** Python-style slice {@code [start:end:step]} along {@code dim} (a view; negative start/end count from the end). */
    public Tensor slice(int dim, int start, int end, int step) {
        return ShapeOps.sliceClamped(this, dim, start, end, step);
    }

    /** Index {@code index} of {@code dim}, removing that dimension (a view). */
    public Tensor select(int dim, int index) {
        return ShapeOps.select(this, dim, index);
    }

    /** All slices along {@code dim} (views). */
    public List<Tensor> unbind(int dim) {
        int d = Shapes.wrapExistingDim("unbind", dim, dim());
        Tensor[] out = new Tensor[shape[d]];
        for (int i = 0; i < out.length; i++) {
            out[i] = select(d, i);
        }
        return List.of(out);
    }

    /** Broadcasts size-1 dimensions (and new leading ones) to {@code sizes} without copying (-1 keeps a size). */
    public Tensor expand(int... sizes) {
        return ShapeOps.expand(this, sizes);
    }

    /** {@link #expand} to another tensor's shape. */
    public Tensor expandAs(Tensor other) {
        return expand(other.shape);
    }

    /** Removes every size-1 dimension. */
    public Tensor squeeze() {
        return ShapeOps.squeeze(this, null);
    }

    /** Removes dimension {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return ShapeOps.squeeze(this, Shapes.wrapDim("squeeze", dim, dim()));
    }

    /** Inserts a size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return ShapeOps.unsqueeze(this, Shapes.wrapDim("unsqueeze", dim, dim() + 1));
    }

    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() {
        return isContiguous() ? this : ShapeOps.copyOf(this, "contiguous");
    }

    /** A contiguous copy (differentiable). */
    public Tensor copy() {
        return ShapeOps.copyOf(this, "clone");
    }

    /** Concatenates along an existing dimension. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return ShapeOps.cat(tensors, dim);
    }

    /** Stacks along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return ShapeOps.stack(tensors, dim);
    }

    /** Sums this (broadcast) tensor down to {@code target} shape: the adjoint of broadcasting. */
    public Tensor sumToShape(int... target) {
        return ReductionOps.sumToShape(this, target);
    }

    // ------------------------------------------------------------------ elementwise (ElementwiseOps)

    public Tensor add(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.ADD, this, other);
    }

    public Tensor add(double other) {
        return ElementwiseOps.binary(BinaryOp.ADD, this, wrap(other));
    }

    public Tensor add(long other) {
        return ElementwiseOps.binary(BinaryOp.ADD, this, wrap(other));
    }

    /** this + alpha·other. */
    public Tensor add(Tensor other, double alpha) {
        return add(other.mul(alpha));
    }

    public Tensor sub(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.SUB, this, other);
    }

    public Tensor sub(double other) {
        return ElementwiseOps.binary(BinaryOp.SUB, this, wrap(other));
    }

    public Tensor sub(long other) {
        return ElementwiseOps.binary(BinaryOp.SUB, this, wrap(other));
    }

    /** other − this. */
    public Tensor rsub(double other) {
        return ElementwiseOps.binary(BinaryOp.SUB, wrap(other), this);
    }

    public Tensor mul(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MUL, this, other);
    }

    public Tensor mul(double other) {
        return ElementwiseOps.binary(BinaryOp.MUL, this, wrap(other));
    }

    public Tensor mul(long other) {
        return ElementwiseOps.binary(BinaryOp.MUL, this, wrap(other));
    }

    /** True division: integral operands give the default float dtype (int64 / 2 → float32). */
    public Tensor div(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.DIV, this, other);
    }

    public Tensor div(double other) {
        return ElementwiseOps.binary(BinaryOp.DIV, this, wrap(other));
    }

    public Tensor div(long other) {
        return ElementwiseOps.binary(BinaryOp.DIV, this, wrap(other));
    }

    /** Floored division (Python's //). */
    public Tensor floorDivide(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.FLOOR_DIV, this, other);
    }

    /** Floored remainder with the divisor's sign (Python's %, torch.remainder). */
    public Tensor remainder(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.REMAINDER, this, other);
    }

    public Tensor remainder(double other) {
        return ElementwiseOps.binary(BinaryOp.REMAINDER, this, wrap(other));
    }

    public Tensor pow(Tensor exponent) {
        return ElementwiseOps.binary(BinaryOp.POW, this, exponent);
    }

    public Tensor pow(double exponent) {
        return ElementwiseOps.binary(BinaryOp.POW, this, wrap(exponent));
    }

    /** Elementwise maximum (NaN propagates). */
    public Tensor maximum(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MAXIMUM, this, other);
    }

    /** Elementwise minimum (NaN propagates). */
    public Tensor minimum(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.MINIMUM, this, other);
    }

    public Tensor atan2(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.ATAN2, this, other);
    }

    public Tensor eq(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.EQ, this, other);
    }

    public Tensor eq(double other) {
        return ElementwiseOps.binary(BinaryOp.EQ, this, wrap(other));
    }

    public Tensor ne(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.NE, this, other);
    }

    public Tensor lt(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.LT, this, other);
    }

    public Tensor lt(double other) {
        return ElementwiseOps.binary(BinaryOp.LT, this, wrap(other));
    }

    public Tensor le(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.LE, this, other);
    }

    public Tensor le(double other) {
        return ElementwiseOps.binary(BinaryOp.LE, this, wrap(other));
    }

    public Tensor gt(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.GT, this, other);
    }

    public Tensor gt(double other) {
        return ElementwiseOps.binary(BinaryOp.GT, this, wrap(other));
    }

    public Tensor ge(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.GE, this, other);
    }

    public Tensor ge(double other) {
        return ElementwiseOps.binary(BinaryOp.GE, this, wrap(other));
    }

    public Tensor logicalAnd(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.LOGICAL_AND, this, other);
    }

    public Tensor logicalOr(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.LOGICAL_OR, this, other);
    }

    public Tensor logicalXor(Tensor other) {
        return ElementwiseOps.binary(BinaryOp.LOGICAL_XOR, this, other);
    }

    public Tensor logicalNot() {
        return ElementwiseOps.unary(UnaryOp.LOGICAL_NOT, this);
    }

    public Tensor isnan() {
        return ElementwiseOps.unary(UnaryOp.ISNAN, this);
    }

    public Tensor isfinite() {
        return ElementwiseOps.unary(UnaryOp.ISFINITE, this);
    }

    /** {@code cond ? a : b} elementwise, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return ElementwiseOps.where(cond, a, b);
    }

    /** {@code cond ? a : b} with a scalar for b. */
    public static Tensor where(Tensor cond, Tensor a, double b) {
        return ElementwiseOps.where(cond, a, wrap(b));
    }

    public Tensor neg() {
        return ElementwiseOps.unary(UnaryOp.NEG, this);
    }

    public Tensor abs() {
        return ElementwiseOps.unary(UnaryOp.ABS, this);
    }

    public Tensor sign() {
        return ElementwiseOps.unary(UnaryOp.SIGN, this);
    }

    public Tensor exp() {
        return ElementwiseOps.unary(UnaryOp.EXP, this);
    }

    public Tensor log() {
        return ElementwiseOps.unary(UnaryOp.LOG, this);
    }

    public Tensor log1p() {
        return ElementwiseOps.unary(UnaryOp.LOG1P, this);
    }

    public Tensor expm1() {
        return ElementwiseOps.unary(UnaryOp.EXPM1, this);
    }

    public Tensor tanh() {
        return ElementwiseOps.unary(UnaryOp.TANH, this);
    }

    public Tensor atanh() {
        return ElementwiseOps.unary(UnaryOp.ATANH, this);
    }

    public Tensor sigmoid() {
        return ElementwiseOps.unary(UnaryOp.SIGMOID, this);
    }

    /** Stable log(1 + e^x) (PyTorch's defaults: beta 1, threshold 20). */
    public Tensor softplus() {
        return ElementwiseOps.softplus(this, 1.0, 20.0);
    }

    /**
     * softplus(x) = (1/β)·log(1 + e^(βx)), and x itself where βx &gt; threshold (torch.nn.functional.softplus).
     */
    public Tensor softplus(double beta, double threshold) {
        return ElementwiseOps.softplus(this, beta, threshold);
    }

    public Tensor relu() {
        return ElementwiseOps.unary(UnaryOp.RELU, this);
    }

    /** x / (1 + |x|). */
    public Tensor softsign() {
        return ElementwiseOps.unary(UnaryOp.SOFTSIGN, this);
    }

    public Tensor sqrt() {
        return ElementwiseOps.unary(UnaryOp.SQRT, this);
    }

    public Tensor rsqrt() {
        return ElementwiseOps.unary(UnaryOp.RSQRT, this);
    }

    public Tensor reciprocal() {
        return ElementwiseOps.unary(UnaryOp.RECIPROCAL, this);
    }

    public Tensor square() {
        return ElementwiseOps.unary(UnaryOp.SQUARE, this);
    }

    public Tensor sin() {
        return ElementwiseOps.unary(UnaryOp.SIN, this);
    }

    public Tensor cos() {
        return ElementwiseOps.unary(UnaryOp.COS, this);
    }

    /** log|Γ(x)|; its gradient is digamma. */
    public Tensor lgamma() {
        return ElementwiseOps.unary(UnaryOp.LGAMMA, this);
    }

    /** ψ(x) = d/dx log Γ(x); its gradient is trigamma. */
    public Tensor digamma() {
        return ElementwiseOps.unary(UnaryOp.DIGAMMA, this);
    }

    public Tensor floor() {
        return ElementwiseOps.unary(UnaryOp.FLOOR, this);
    }

    public Tensor ceil() {
        return ElementwiseOps.unary(UnaryOp.CEIL, this);
    }

    public Tensor round() {
        return ElementwiseOps.unary(UnaryOp.ROUND, this);
    }

    /** Clamps into [min, max]; the gradient passes where min ≤ x ≤ max. */
    public Tensor clamp(double min, double max) {
        return ElementwiseOps.clamp(this, min, max);
    }

    /** Clamps from below. */
    public Tensor clampMin(double min) {
        return ElementwiseOps.clamp(this, min, Double.NaN);
    }

    /** Clamps from above. */
    public Tensor clampMax(double max) {
        return ElementwiseOps.clamp(this, Double.NaN, max);
    }

    // ------------------------------------------------------------------ in-place (bump the version counter)

    /** this += other (in place). */
    public Tensor addi(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.ADD, this, other, "addi");
    }

    /** this += other (in place). */
    public Tensor addi(double other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.ADD, this, wrap(other), "addi");
    }

    /** this −= other (in place). */
    public Tensor subi(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.SUB, this, other, "subi");
    }

    /** this ×= other (in place). */
    public Tensor muli(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.MUL, this, other, "muli");
    }

    /** this ×= other (in place). */
    public Tensor muli(double other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.MUL, this, wrap(other), "muli");
    }

    /**
     * this ← this·scale + other·otherScale in place (Polyak averaging of a target network) as one kernel where the
     * backend fuses it ({@link Backend#scaleAdd}): the same bits as {@code muli(scale).addi(other.mul(otherScale))},
     * which runs instead when autograd records either side, or when the two differ in shape, dtype or device or share
     * storage.
     */
    public Tensor scaleAddi(double scale, Tensor other, double otherScale) {
        if (Autograd.needsGrad(this, other) || !sameShape(other) || other.dtype() != dtype()
                || !dtype().isFloatingPoint() || !other.device().equals(device()) || other.storage == storage) {
            return muli(scale).addi(other.mul(otherScale));
        }
        ElementwiseOps.checkInPlace(this, "scaleAddi");
        backend().scaleAdd(this, scale, other, otherScale);
        storage.bumpVersion();
        return this;
    }

    /** this ÷= other (in place). */
    public Tensor divi(Tensor other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.DIV, this, other, "divi");
    }

    /** this ÷= other (in place). */
    public Tensor divi(double other) {
        return ElementwiseOps.binaryInPlace(BinaryOp.DIV, this, wrap(other), "divi");
    }

    /**
     * {@code relu(this + bias)} with {@code bias} over the last dimension (a linear layer's bias and ReLU) as one
     * kernel forward and one backward: the same values and gradients, bit for bit, as {@code add(bias).relu()}.
     */
    public Tensor addBiasRelu(Tensor bias) {
        return BiasReluOp.apply(this, bias);
    }

    /**
     * {@code relu(this·weightᵀ + bias)}, a linear layer with its ReLU (this [..., in], weight [out, in], bias [out]),
     * as one kernel where the backend fuses the product's epilogue ({@link Backend#matmulBiasRelu}): the same values
     * and gradients, bit for bit, as {@code matmul(weight.t()).addBiasRelu(bias)}.
     */
    public Tensor linearRelu(Tensor weight, Tensor bias) {
        return BiasReluOp.linear(this, weight, bias);
    }

    /** relu in place. */
    public Tensor relu_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.RELU, this, "relu_");
    }

    /** softsign in place. */
    public Tensor softsign_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.SOFTSIGN, this, "softsign_");
    }

    /** tanh in place. */
    public Tensor tanh_() {
        return ElementwiseOps.unaryInPlace(UnaryOp.TANH, this, "tanh_");
    }

    /** Clamps in place into [min, max] (no autograd: use under noGrad or on tensors that need no grad). */
    public Tensor clamp_(double min, double max) {
        return ElementwiseOps.clampInPlace(this, min, max);
    }

    /** Copies {@code src} (broadcast to this shape, cast to this dtype) into this tensor in place. */
    public Tensor copy_(Tensor src) {
        return ElementwiseOps.copyInPlace(this, src);
    }

    /** Fills with {@code value} in place. */
    public Tensor fill_(double value) {
        return ElementwiseOps.fillInPlace(this, value);
    }

    /** Fills with zeros in place. */
    public Tensor zero_() {
        return fill_(0.0);
    }

    /** Marks an in-place write for autograd's version check (for code that writes storage directly). */
    public void bumpVersion() {
        storage.bumpVersion();
    }

    // ------------------------------------------------------------------ reductions (ReductionOps)

    /** Sum over {@code dim}. */
    public Tensor sum(int dim, boolean keepDim) {
        return ReductionOps.sum(this, new int[] {dim}, keepDim);
    }

    /** Sum over several dims. */
    public Tensor sum(int[] dims, boolean keepDim) {
        return ReductionOps.sum(this, dims, keepDim);
    }

    /** Sum of every element (0-d). */
    public Tensor sumAll() {
        return ReductionOps.sum(this, null, false);
    }

    public Tensor mean(int dim, boolean keepDim) {
        return ReductionOps.mean(this, new int[] {dim}, keepDim);
    }

    public Tensor mean(int[] dims, boolean keepDim) {
        return ReductionOps.mean(this, dims, keepDim);
    }

    /** Mean of every element (0-d). */
    public Tensor meanAll() {
        return ReductionOps.mean(this, null, false);
    }

    /** Maximum over {@code dim} (gradient split evenly between ties, as torch.amax). */
    public Tensor amax(int dim, boolean keepDim) {
        return ReductionOps.extreme(this, new int[] {dim}, keepDim, true);
    }

    public Tensor amax(int[] dims, boolean keepDim) {
        return ReductionOps.extreme(this, dims, keepDim, true);
    }

    public Tensor amin(int dim, boolean keepDim) {
        return ReductionOps.extreme(this, new int[] {dim}, keepDim, false);
    }

    /** Maximum of every element (0-d). */
    public Tensor maxAll() {
        return ReductionOps.extreme(this, null, false, true);
    }

    /** Minimum of every element (0-d). */
    public Tensor minAll() {
        return ReductionOps.extreme(this, null, false, false);
    }

    /** Maximum along {@code dim} with the index of the first maximum (gradient to that index, as torch.max). */
    public ValuesAndIndices max(int dim, boolean keepDim) {
        return ReductionOps.maxWithIndices(this, dim, keepDim, true);
    }

    /** Minimum along {@code dim} with its index. */
    public ValuesAndIndices min(int dim, boolean keepDim) {
        return ReductionOps.maxWithIndices(this, dim, keepDim, false);
    }

    /** Index of the maximum along {@code dim} (int64). */
    public Tensor argmax(int dim, boolean keepDim) {
        return ReductionOps.argExtreme(this, dim, keepDim, true);
    }

    public Tensor argmin(int dim, boolean keepDim) {
        return ReductionOps.argExtreme(this, dim, keepDim, false);
    }

    /** Stable log Σ exp over {@code dim}: m + log Σ exp(x − m), m = max (−inf rows give −inf). */
    public Tensor logSumExp(int dim, boolean keepDim) {
        return ReductionOps.logSumExp(this, new int[] {dim}, keepDim);
    }

    public Tensor logSumExp(int[] dims, boolean keepDim) {
        return ReductionOps.logSumExp(this, dims, keepDim);
    }

    /** True where any element along {@code dim} is non-zero. */
    public Tensor any(int dim, boolean keepDim) {
        return ReductionOps.logical(this, dim, keepDim, ReduceOp.ANY);
    }

    public Tensor all(int dim, boolean keepDim) {
        return ReductionOps.logical(this, dim, keepDim, ReduceOp.ALL);
    }

    /** True when any element is non-zero. */
    public boolean anyAll() {
        return ReductionOps.logical(this.flatten(), 0, false, ReduceOp.ANY).item() != 0;
    }

    // ------------------------------------------------------------------ linear algebra and indexing

    /** Matrix product with torch.matmul's rules: 1-d·1-d dot, 2-d, and batched with broadcast batch dims. */
    public Tensor matmul(Tensor other) {
        return LinalgOps.matmul(this, other);
    }

    /** out[...][i][...] = this[...][index[...][i][...]][...] along {@code dim} (torch.gather). */
    public Tensor gather(int dim, Tensor index) {
        return IndexOps.gather(this, dim, index);
    }

    /** The slices at the 1-d int64 {@code index} along {@code dim}. */
    public Tensor indexSelect(int dim, Tensor index) {
        return IndexOps.indexSelect(this, dim, index);
    }

    /** A copy of this with {@code src} added at {@code index} along {@code dim} (torch.scatter_add, out of place). */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return IndexOps.scatterAdd(this, dim, index, src);
    }

    /** One-hot float32 encoding of an integral tensor: shape [..., numClasses]. */
    public Tensor oneHot(int numClasses) {
        return IndexOps.oneHot(this, numClasses);
    }

    // ------------------------------------------------------------------ printing

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
