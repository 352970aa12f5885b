package alf.tensor.nd4j;

import alf.tensor.Backend;
import alf.tensor.Backends;
import alf.tensor.BinaryOp;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.HalfFloats;
import alf.tensor.HostArrays;
import alf.tensor.ReduceOp;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.api.ops.impl.indexaccum.custom.ArgMax;
import org.nd4j.linalg.api.ops.impl.indexaccum.custom.ArgMin;
import org.nd4j.linalg.api.ops.impl.reduce.bool.All;
import org.nd4j.linalg.api.ops.impl.reduce.bool.Any;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.reduce.same.Min;
import org.nd4j.linalg.api.ops.impl.reduce.same.Prod;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.bool.IsFinite;
import org.nd4j.linalg.api.ops.impl.transforms.bool.IsNaN;
import org.nd4j.linalg.api.ops.impl.transforms.custom.EqualTo;
import org.nd4j.linalg.api.ops.impl.transforms.custom.GreaterThan;
import org.nd4j.linalg.api.ops.impl.transforms.custom.GreaterThanOrEqual;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LessThan;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LessThanOrEqual;
import org.nd4j.linalg.api.ops.impl.transforms.custom.NotEqualTo;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.ThresholdReluBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.FloorDivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.PowPairwise;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Ceil;
import org.nd4j.linalg.api.ops.impl.transforms.same.Floor;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Reciprocal;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.ATanh;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Cos;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Expm1;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Rint;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sin;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftSign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend (nd4j-native, CPU): every kernel writes into the caller's preallocated output through INDArray
 * views of the flat {@link Nd4jStorage} buffer made with the tensor's own shape, strides and offset.
 *
 * <p>ND4J ops run the float32/float64 work (and int32/int64/bool where ND4J's integral semantics are exact). Where
 * ND4J has no op whose documented semantics are exactly those of the {@link Backend} contract, the kernel runs a
 * documented element loop over the storage instead, on the reference definitions {@link UnaryOp#apply},
 * {@link BinaryOp#apply} and {@link BinaryOp#applyLong}. These are:
 * <ul>
 *   <li>float16/bfloat16 arithmetic and conversions to them (values are rounded to nearest even in Java), and
 *       conversions from floating to integral types (Java's saturating cast, NaN to 0; the C++ cast ND4J uses is
 *       undefined for NaN and out-of-range values);</li>
 *   <li>NaN-propagating maximum/minimum (ND4J's elementwise max/min are not specified to propagate NaN), floored
 *       remainder with the divisor's sign, atan2, the logical ops, and integral division, remainder and power
 *       (which must raise errors on a zero divisor or negative exponent);</li>
 *   <li>lgamma, digamma and trigamma ({@link alf.tensor.SpecialFunctions}; ND4J has no trigamma);</li>
 *   <li>max/min reductions and argmax/argmin of inputs that contain NaN (torch propagates NaN / returns its first
 *       index; ND4J's reductions compare with {@code >} and {@code <}), and integral or bool sums and products
 *       (accumulated in int64 as torch does);</li>
 *   <li>gather and scatterAdd along a dimension (ND4J's gather is torch's index_select).</li>
 * </ul>
 * softplus is composed of ND4J ops as max(x, 0) + log1p(exp(−|x|)), the overflow-free form of log(1 + e^x).
 */
public final class Nd4jBackend implements Backend {
    /** The single instance. */
    public static final Nd4jBackend INSTANCE = new Nd4jBackend();

    private Nd4jBackend() {
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return new Nd4jStorage(dtype, size);
    }

    @Override
    public Storage fromHost(DType dtype, Object hostArray) {
        Nd4jStorage s = new Nd4jStorage(dtype, HostArrays.length(hostArray));
        s.copyFromHost(hostArray);
        return s;
    }

    // ------------------------------------------------------------------ plumbing

    /** An input on this backend: itself, or a converted copy when it was made by another backend. */
    private static Tensor own(Tensor t) {
        return t.storage() instanceof Nd4jStorage ? t : Backends.adopt(INSTANCE, t);
    }

    /** The storage of a kernel's output, which the caller allocated on this backend. */
    private static Nd4jStorage nd(Tensor t) {
        if (t.storage() instanceof Nd4jStorage s) {
            return s;
        }
        throw new IllegalArgumentException("nd4j backend: output tensor lives on backend " + t.backend().name()
                + "; kernels write only into storages of their own backend");
    }

    private static long[] longs(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    /** An INDArray view of a (non-empty) tensor: its shape, strides and offset over the storage's buffer. */
    static INDArray view(Tensor t) {
        return view(t, t.shape(), t.strides());
    }

    private static INDArray view(Tensor t, int[] shape, int[] strides) {
        return Nd4j.create(nd(t).buffer(), longs(shape), longs(strides), t.offset(), 'c');
    }

    private static boolean fast(DType dt) {
        return dt == DType.FLOAT32 || dt == DType.FLOAT64;
    }

    private static void exec(Op op) {
        Nd4j.getExecutioner().exec(op);
    }

    private static void exec(CustomOp op) {
        Nd4j.getExecutioner().exec(op);
    }

    private static boolean containsNaN(INDArray x) {
        INDArray flag = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.bool.IsNaN(x));
        return flag.getDouble(0) != 0.0;
    }

    /** The value a store of {@code v} into {@code dtype} leaves, as {@link Storage#setDouble} defines it. */
    private static double castValue(double v, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            case FLOAT16 -> HalfFloats.halfToFloat(HalfFloats.floatToHalf((float) v));
            case BFLOAT16 -> HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16((float) v));
            case INT32 -> (int) (long) v;
            case INT64 -> (double) (long) v;
            case BOOL -> v != 0.0 ? 1.0 : 0.0;
        };
    }

    // ------------------------------------------------------------------ fill and copy

    @Override
    public void fill(Tensor out, double value) {
        if (out.numel() == 0) {
            return;
        }
        if (out.dtype() == DType.INT64) {
            // an int64 beyond 2^53 cannot pass through a double-valued ND4J scalar exactly
            view(out).assign((long) value);
        } else {
            view(out).assign(castValue(value, out.dtype()));
        }
    }

    /** True when ND4J's conversion from {@code from} to {@code to} is exactly the {@link Storage#setDouble} one. */
    private static boolean exactCast(DType from, DType to) {
        boolean halfInvolved = from == DType.FLOAT16 || from == DType.BFLOAT16 || to == DType.FLOAT16
                || to == DType.BFLOAT16;
        if (from == to) {
            return true;
        }
        return !halfInvolved && !(from.isFloatingPoint() && !to.isFloatingPoint() && to != DType.BOOL);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        src = own(src);
        if (dst.numel() == 0) {
            return;
        }
        if (exactCast(src.dtype(), dst.dtype())) {
            view(dst).assign(view(src));
            return;
        }
        Storage a = src.storage();
        Nd4jStorage o = nd(dst);
        boolean floating = dst.dtype().isFloatingPoint() || src.dtype().isFloatingPoint();
        StridedElements.forEach(dst.shape(), new int[] {src.offset(), dst.offset()},
                new int[][] {src.strides(), dst.strides()}, off -> {
                    if (floating) {
                        o.setDouble(off[1], a.getDouble(off[0]));
                    } else {
                        o.setLong(off[1], a.getLong(off[0]));
                    }
                });
    }

    // ------------------------------------------------------------------ elementwise

    /** The ND4J transform computing {@code op} from x into z, or null when ND4J has no exact one. */
    private static Op unaryOp(UnaryOp op, INDArray x, INDArray z) {
        return switch (op) {
            case NEG -> new Negative(x, z);
            case ABS -> new Abs(x, z);
            case EXP -> new Exp(x, z);
            case LOG -> new Log(x, z);
            case LOG1P -> new Log1p(x, z);
            case EXPM1 -> new Expm1(x, z);
            case TANH -> new Tanh(x, z);
            case ATANH -> new ATanh(x, z);
            case SIGMOID -> new Sigmoid(x, z);
            case RELU -> new RectifiedLinear(x, z, 0.0);
            case SOFTSIGN -> new SoftSign(x, z);
            case SQRT -> new Sqrt(x, z);
            case RSQRT -> new RSqrt(x, z);
            case RECIPROCAL -> new Reciprocal(x, z);
            case SQUARE -> new Square(x, z);
            case SIN -> new Sin(x, z);
            case COS -> new Cos(x, z);
            case FLOOR -> new Floor(x, z);
            case CEIL -> new Ceil(x, z);
            case ROUND -> new Rint(x, z);
            case ISNAN -> new IsNaN(x, z);
            case ISFINITE -> new IsFinite(x, z);
            default -> null;
        };
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        x = own(x);
        if (out.numel() == 0) {
            return;
        }
        DType dt = out.dtype();
        if (fast(x.dtype()) && (dt == x.dtype() || (op.producesBool() && dt == DType.BOOL))) {
            INDArray xv = view(x);
            INDArray zv = view(out);
            if (op == UnaryOp.SOFTPLUS) {
                softplus(xv, zv);
                return;
            }
            Op nd = unaryOp(op, xv, zv);
            if (nd != null) {
                exec(nd);
                return;
            }
        }
        unaryLoop(op, x, out);
    }

    /** softplus(x) = max(x, 0) + log1p(exp(−|x|)), stable for either sign (as {@link UnaryOp#SOFTPLUS}). */
    private static void softplus(INDArray x, INDArray z) {
        INDArray positive = Nd4j.createUninitialized(x.dataType(), x.shape());
        exec(new RectifiedLinear(x, positive, 0.0));
        exec(new Abs(x, z));
        exec(new Negative(z, z));
        exec(new Exp(z, z));
        exec(new Log1p(z, z));
        exec(new AddOp(z, positive, z));
    }

    /** The element loop: integral ops exactly on longs, everything else by the double reference definition. */
    private static void unaryLoop(UnaryOp op, Tensor x, Tensor out) {
        Storage a = x.storage();
        Nd4jStorage o = nd(out);
        boolean integral = !out.dtype().isFloatingPoint() && !x.dtype().isFloatingPoint()
                && !op.promotesIntegralToFloat() && !op.producesBool();
        StridedElements.forEach(out.shape(), new int[] {x.offset(), out.offset()},
                new int[][] {x.strides(), out.strides()}, off -> {
                    if (integral) {
                        o.setLong(off[1], integralUnary(op, a.getLong(off[0])));
                    } else {
                        o.setDouble(off[1], op.apply(a.getDouble(off[0])));
                    }
                });
    }

    private static long integralUnary(UnaryOp op, long v) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> Long.signum(v);
            case RELU -> Math.max(v, 0);
            case SQUARE -> v * v;
            case FLOOR, CEIL, ROUND -> v;
            default -> throw new IllegalStateException("no integral kernel for " + op);
        };
    }

    /** The ND4J op computing {@code op} from x, y into z, or null when ND4J has no exact one for this dtype. */
    private static Object binaryOp(BinaryOp op, DType ct, INDArray x, INDArray y, INDArray z) {
        boolean floating = fast(ct);
        boolean integral = ct == DType.INT32 || ct == DType.INT64;
        if (!floating && !integral) {
            return null;
        }
        return switch (op) {
            case ADD -> new AddOp(x, y, z);
            case SUB -> new SubOp(x, y, z);
            case MUL -> new MulOp(x, y, z);
            case DIV -> floating ? new DivOp(x, y, z) : null;
            case FLOOR_DIV -> floating ? new FloorDivOp(new INDArray[] {x, y}, new INDArray[] {z}) : null;
            case POW -> floating ? new PowPairwise(x, y, z) : null;
            case MAXIMUM -> integral ? new org.nd4j.linalg.api.ops.impl.transforms.custom.Max(x, y, z) : null;
            case MINIMUM -> integral ? new org.nd4j.linalg.api.ops.impl.transforms.custom.Min(x, y, z) : null;
            // threshold_backward: grad where input > 0, else 0 (inputs: the relu input, then the gradient)
            case RELU_BACKWARD -> floating ? new ThresholdReluBp(y, x, z, 0.0) : null;
            case EQ -> new EqualTo(x, y, z);
            case NE -> new NotEqualTo(x, y, z);
            case LT -> new LessThan(x, y, z);
            case LE -> new LessThanOrEqual(x, y, z);
            case GT -> new GreaterThan(x, y, z);
            case GE -> new GreaterThanOrEqual(x, y, z);
            default -> null;
        };
    }

    @Override
    public void binary(BinaryOp op, Tensor x, Tensor y, Tensor out) {
        x = own(x);
        y = own(y);
        if (out.numel() == 0) {
            return;
        }
        Object nd = binaryOp(op, x.dtype(), view(x), view(y), view(out));
        if (nd instanceof Op o) {
            exec(o);
            return;
        }
        if (nd instanceof CustomOp c) {
            exec(c);
            return;
        }
        Storage a = x.storage();
        Storage b = y.storage();
        Nd4jStorage o = nd(out);
        boolean floating = x.dtype().isFloatingPoint();
        StridedElements.forEach(out.shape(), new int[] {x.offset(), y.offset(), out.offset()},
                new int[][] {x.strides(), y.strides(), out.strides()}, off -> {
                    if (floating) {
                        o.setDouble(off[2], op.apply(a.getDouble(off[0]), b.getDouble(off[1])));
                    } else {
                        o.setLong(off[2], op.applyLong(a.getLong(off[0]), b.getLong(off[1])));
                    }
                });
    }

    @Override
    public void where(Tensor cond, Tensor x, Tensor y, Tensor out) {
        cond = own(cond);
        x = own(x);
        y = own(y);
        if (out.numel() == 0) {
            return;
        }
        if (fast(out.dtype())) {
            exec(new Select(new INDArray[] {view(cond), view(x), view(y)}, new INDArray[] {view(out)}));
            return;
        }
        Storage c = cond.storage();
        Storage a = x.storage();
        Storage b = y.storage();
        Nd4jStorage o = nd(out);
        boolean floating = out.dtype().isFloatingPoint();
        StridedElements.forEach(out.shape(), new int[] {cond.offset(), x.offset(), y.offset(), out.offset()},
                new int[][] {cond.strides(), x.strides(), y.strides(), out.strides()}, off -> {
                    boolean pick = c.getLong(off[0]) != 0;
                    if (floating) {
                        o.setDouble(off[3], pick ? a.getDouble(off[1]) : b.getDouble(off[2]));
                    } else {
                        o.setLong(off[3], pick ? a.getLong(off[1]) : b.getLong(off[2]));
                    }
                });
    }

    // ------------------------------------------------------------------ reductions

    @Override
    public void reduce(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        x = own(x);
        if (!out.isContiguous()) {
            throw new IllegalArgumentException("reduce: output must be contiguous");
        }
        if (out.numel() == 0) {
            return;
        }
        int rank = x.dim();
        int count = 0;
        for (boolean f : dims) {
            count += f ? 1 : 0;
        }
        if (x.numel() > 0 && count > 0) {
            int[] axes = new int[count];
            int[] keptShape = new int[rank - count];
            for (int d = 0, i = 0, j = 0; d < rank; d++) {
                if (dims[d]) {
                    axes[i++] = d;
                } else {
                    keptShape[j++] = x.size(d);
                }
            }
            DType xt = x.dtype();
            boolean sameType = out.dtype() == xt;
            boolean logical = op == ReduceOp.ANY || op == ReduceOp.ALL;
            boolean ndSupported = logical ? (fast(xt) || xt == DType.BOOL || xt == DType.INT32 || xt == DType.INT64)
                    : fast(xt) && sameType;
            if (ndSupported) {
                INDArray xv = view(x);
                INDArray zv = view(out, keptShape, alf.tensor.Shapes.contiguousStrides(keptShape));
                Op nd = switch (op) {
                    case SUM -> new Sum(xv, zv, axes);
                    case PROD -> new Prod(xv, zv, axes);
                    case MAX -> containsNaN(xv) ? null : new Max(xv, zv, axes);
                    case MIN -> containsNaN(xv) ? null : new Min(xv, zv, axes);
                    case ANY -> new Any(xv, zv, axes);
                    case ALL -> new All(xv, zv, axes);
                };
                if (nd != null) {
                    exec(nd);
                    return;
                }
            }
        }
        reduceLoop(op, x, dims, out);
    }

    /** The element loop of {@link #reduce}: accumulators per output element, in double or (integral) in long. */
    private static void reduceLoop(ReduceOp op, Tensor x, boolean[] dims, Tensor out) {
        int rank = x.dim();
        int[] accStrides = alf.tensor.Shapes.contiguousStrides(out.shape());
        for (int d = 0; d < rank; d++) {
            if (dims[d]) {
                accStrides[d] = 0;
            }
        }
        int m = out.numel();
        Storage a = x.storage();
        Nd4jStorage o = nd(out);
        int base = out.offset();
        boolean integral = !x.dtype().isFloatingPoint() && op != ReduceOp.ANY && op != ReduceOp.ALL;
        if (integral) {
            long[] acc = new long[m];
            Arrays.fill(acc, switch (op) {
                case SUM -> 0L;
                case PROD -> 1L;
                case MAX -> Long.MIN_VALUE;
                default -> Long.MAX_VALUE;
            });
            StridedElements.forEach(x.shape(), new int[] {x.offset(), 0}, new int[][] {x.strides(), accStrides},
                    off -> {
                        long v = a.getLong(off[0]);
                        long c = acc[off[1]];
                        acc[off[1]] = switch (op) {
                            case SUM -> c + v;
                            case PROD -> c * v;
                            case MAX -> Math.max(c, v);
                            default -> Math.min(c, v);
                        };
                    });
            for (int i = 0; i < m; i++) {
                o.setLong(base + i, acc[i]);
            }
            return;
        }
        double[] acc = new double[m];
        Arrays.fill(acc, op.identity());
        StridedElements.forEach(x.shape(), new int[] {x.offset(), 0}, new int[][] {x.strides(), accStrides},
                off -> acc[off[1]] = op.combine(acc[off[1]], a.getDouble(off[0])));
        for (int i = 0; i < m; i++) {
            o.setDouble(base + i, acc[i]);
        }
    }

    @Override
    public void argReduce(boolean max, Tensor x, int dim, Tensor out) {
        x = own(x);
        int[] shape = x.shape();
        int len = shape[dim];
        if (len == 0) {
            throw new IllegalArgumentException("arg" + (max ? "max" : "min") + ": dimension " + dim
                    + " of shape " + Arrays.toString(shape) + " is empty");
        }
        if (out.numel() == 0) {
            return;
        }
        DType xt = x.dtype();
        if (fast(xt) || xt == DType.INT32 || xt == DType.INT64) {
            INDArray xv = view(x);
            if (!fast(xt) || !containsNaN(xv)) {
                int[] kept = new int[shape.length - 1];
                for (int d = 0, j = 0; d < shape.length; d++) {
                    if (d != dim) {
                        kept[j++] = shape[d];
                    }
                }
                INDArray zv = view(out, kept, alf.tensor.Shapes.contiguousStrides(kept));
                INDArray[] in = {xv};
                INDArray[] res = {zv};
                exec(max ? new ArgMax(in, res, false, dim) : new ArgMin(in, res, false, dim));
                return;
            }
        }
        // torch.argmax: ties give the first index, a NaN is the extreme (its first occurrence)
        shape[dim] = 1;
        int dimStride = x.strides()[dim];
        Storage a = x.storage();
        Nd4jStorage o = nd(out);
        boolean integral = !xt.isFloatingPoint();
        StridedElements.forEach(shape, new int[] {x.offset(), out.offset()}, new int[][] {x.strides(),
                out.strides()}, off -> {
                    int best = 0;
                    if (integral) {
                        // exact on int64 beyond 2^53, where doubles would tie distinct values
                        long bl = a.getLong(off[0]);
                        for (int j = 1; j < len; j++) {
                            long v = a.getLong(off[0] + j * dimStride);
                            if (max ? v > bl : v < bl) {
                                best = j;
                                bl = v;
                            }
                        }
                        o.setLong(off[1], best);
                        return;
                    }
                    double bv = a.getDouble(off[0]);
                    for (int j = 1; j < len && !Double.isNaN(bv); j++) {
                        double v = a.getDouble(off[0] + j * dimStride);
                        if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                            best = j;
                            bv = v;
                        }
                    }
                    o.setLong(off[1], best);
                });
    }

    // ------------------------------------------------------------------ linear algebra and indexing

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        a = own(a);
        b = own(b);
        DType dt = out.dtype();
        if (!fast(dt)) {
            throw new IllegalArgumentException("matmul: dtype " + dt + " is not supported (float32/float64)");
        }
        if (out.numel() == 0) {
            return;
        }
        if (a.size(2) == 0) {
            view(out).assign(0.0);
            return;
        }
        Nd4j.matmul(view(a), view(b), view(out));
    }

    /** An index value checked against the dimension size, negative values counting from the end. */
    private static int checkedIndex(String op, long idx, int size, int dim) {
        if (idx < -size || idx >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + idx + " is out of bounds for dimension " + dim
                    + " with size " + size);
        }
        return (int) (idx < 0 ? idx + size : idx);
    }

    @Override
    public void gather(Tensor x, int dim, Tensor index, Tensor out) {
        x = own(x);
        index = own(index);
        int[] xs = x.strides();
        int dimStride = xs[dim];
        int size = x.size(dim);
        xs[dim] = 0;
        Storage a = x.storage();
        Storage ix = index.storage();
        Nd4jStorage o = nd(out);
        boolean floating = out.dtype().isFloatingPoint();
        StridedElements.forEach(index.shape(), new int[] {x.offset(), index.offset(), out.offset()},
                new int[][] {xs, index.strides(), out.strides()}, off -> {
                    int j = checkedIndex("gather", ix.getLong(off[1]), size, dim);
                    int from = off[0] + j * dimStride;
                    if (floating) {
                        o.setDouble(off[2], a.getDouble(from));
                    } else {
                        o.setLong(off[2], a.getLong(from));
                    }
                });
    }

    @Override
    public void scatterAdd(Tensor out, int dim, Tensor index, Tensor src) {
        index = own(index);
        src = own(src);
        int[] os = out.strides();
        int dimStride = os[dim];
        int size = out.size(dim);
        os[dim] = 0;
        Nd4jStorage o = nd(out);
        Storage ix = index.storage();
        Storage s = src.storage();
        boolean floating = out.dtype().isFloatingPoint();
        StridedElements.forEach(index.shape(), new int[] {out.offset(), index.offset(), src.offset()},
                new int[][] {os, index.strides(), src.strides()}, off -> {
                    int j = checkedIndex("scatterAdd", ix.getLong(off[1]), size, dim);
                    int t = off[0] + j * dimStride;
                    if (floating) {
                        o.setDouble(t, o.getDouble(t) + s.getDouble(off[2]));
                    } else {
                        o.setLong(t, o.getLong(t) + s.getLong(off[2]));
                    }
                });
    }

    @Override
    public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        x = own(x);
        index = own(index);
        Storage ix = index.storage();
        int size = x.size(dim);
        int count = index.numel();
        int indexStride = index.dim() == 0 ? 0 : index.strides()[0];
        int[] sliceShape = x.shape();
        sliceShape[dim] = 1;
        int[] xs = x.strides();
        int[] os = out.strides();
        for (int k = 0; k < count; k++) {
            int j = checkedIndex("indexSelect", ix.getLong(index.offset() + k * indexStride), size, dim);
            copy(Tensor.rawView(x.storage(), sliceShape, xs, x.offset() + j * xs[dim]),
                    Tensor.rawView(out.storage(), sliceShape, os, out.offset() + k * os[dim]));
        }
    }
}
