// The ALF cuda backend's kernels: every primitive of alf.tensor.Backend on strided device buffers.
//
// Compiled to PTX by scripts/gpu-ptx.sh (nvcc -ptx) and committed as src/main/resources/alf/tensor/cuda/alf_kernels.ptx;
// CudaKernels loads that PTX with cuModuleLoadData and launches these extern "C" entry points by name.
//
// Conventions shared with the Java side (CudaKernels, KernelArgs):
// - a strided operand is a device pointer plus a Desc (rank, element offset, shape, strides in elements), passed by
//   value; linear index i walks the shape in row-major order;
// - dtype codes are alf.tensor.DType ordinals: BOOL 0, INT32 1, INT64 2, FLOAT16 3, BFLOAT16 4, FLOAT32 5, FLOAT64 6;
// - floating values are computed in double and rounded to the output dtype on store, as UnaryOp/BinaryOp.apply
//   define them; integral and bool values are computed exactly in 64-bit integers (BinaryOp.applyLong);
// - op codes are the ordinals of alf.tensor.UnaryOp / BinaryOp / ReduceOp;
// - errors that the CPU backend throws (index out of range, integer division by zero) are recorded in alf_error
//   (first one wins) and raised by the host at its next synchronisation.
#include <cuda_fp16.h>
#include <stdint.h>

#define ALF_MAX_RANK 8

struct Desc {
    int rank;
    int offset;
    int shape[ALF_MAX_RANK];
    int stride[ALF_MAX_RANK];
};

enum { DT_BOOL = 0, DT_INT32 = 1, DT_INT64 = 2, DT_FLOAT16 = 3, DT_BFLOAT16 = 4, DT_FLOAT32 = 5, DT_FLOAT64 = 6 };

// error codes read back by CudaContext.checkErrors
enum { ERR_NONE = 0, ERR_INDEX = 1, ERR_INT_DIV_ZERO = 2, ERR_NEG_INT_POW = 3 };

// [0] code, [1] offending value (low 32 bits), [2] the size it had to be below
__device__ int alf_error[3];

__device__ void raise_error(int code, long long value, int bound) {
    if (atomicCAS(&alf_error[0], ERR_NONE, code) == ERR_NONE) {
        alf_error[1] = (int) value;
        alf_error[2] = bound;
    }
}

__device__ __forceinline__ bool is_integral(int dt) { return dt <= DT_INT64; }

// element offset of row-major linear index i in a strided operand
__device__ __forceinline__ long long elem(const Desc &d, long long i) {
    long long off = d.offset;
    for (int k = d.rank - 1; k >= 0; k--) {
        int n = d.shape[k];
        off += (long long) (i % n) * d.stride[k];
        i /= n;
    }
    return off;
}

// bfloat16 conversions, exact as alf.tensor.HalfFloats: widen by a shift, narrow by round-to-nearest-even
__device__ __forceinline__ float bf16_to_float(unsigned short b) { return __int_as_float(((int) b) << 16); }

__device__ __forceinline__ unsigned short float_to_bf16(float f) {
    unsigned int x = __float_as_uint(f);
    if (f != f) {
        return (unsigned short) ((x >> 16) | 0x40);
    }
    unsigned int lsb = (x >> 16) & 1u;
    return (unsigned short) ((x + 0x7FFFu + lsb) >> 16);
}

__device__ double load(const void *p, int dt, long long k) {
    switch (dt) {
        case DT_BOOL: return ((const unsigned char *) p)[k] != 0 ? 1.0 : 0.0;
        case DT_INT32: return (double) ((const int *) p)[k];
        case DT_INT64: return (double) ((const long long *) p)[k];
        case DT_FLOAT16: return (double) __half2float(((const __half *) p)[k]);
        case DT_BFLOAT16: return (double) bf16_to_float(((const unsigned short *) p)[k]);
        case DT_FLOAT32: return (double) ((const float *) p)[k];
        default: return ((const double *) p)[k];
    }
}

__device__ long long load_long(const void *p, int dt, long long k) {
    switch (dt) {
        case DT_BOOL: return ((const unsigned char *) p)[k] != 0 ? 1 : 0;
        case DT_INT32: return ((const int *) p)[k];
        case DT_INT64: return ((const long long *) p)[k];
        default: return (long long) load(p, dt, k);
    }
}

// a Java-style cast of a double: NaN → 0, saturating at the integral range (cvt.rzi saturates the same way)
__device__ void store(void *p, int dt, long long k, double v) {
    switch (dt) {
        case DT_BOOL: ((unsigned char *) p)[k] = v != 0.0 ? 1 : 0; break;
        case DT_INT32: ((int *) p)[k] = v != v ? 0 : (int) v; break;
        case DT_INT64: ((long long *) p)[k] = v != v ? 0 : (long long) v; break;
        case DT_FLOAT16: ((__half *) p)[k] = __float2half_rn((float) v); break;
        case DT_BFLOAT16: ((unsigned short *) p)[k] = float_to_bf16((float) v); break;
        case DT_FLOAT32: ((float *) p)[k] = (float) v; break;
        default: ((double *) p)[k] = v; break;
    }
}

__device__ void store_long(void *p, int dt, long long k, long long v) {
    switch (dt) {
        case DT_BOOL: ((unsigned char *) p)[k] = v != 0 ? 1 : 0; break;
        case DT_INT32: ((int *) p)[k] = (int) v; break;
        case DT_INT64: ((long long *) p)[k] = v; break;
        default: store(p, dt, k, (double) v); break;
    }
}

// moves one element of dtype dt exactly (integral values as 64-bit integers, floating values as doubles)
__device__ __forceinline__ void copy_element(void *out, long long ko, const void *x, long long kx, int dt) {
    if (is_integral(dt)) {
        store_long(out, dt, ko, load_long(x, dt, kx));
    } else {
        store(out, dt, ko, load(x, dt, kx));
    }
}

#define GRID_STRIDE(i, n) for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); \
    i += (long long) blockDim.x * gridDim.x)

// ---------------------------------------------------------------- fill and copy

extern "C" __global__ void alf_fill(void *out, Desc od, int odt, double value, long long lvalue, int n) {
    GRID_STRIDE(i, n) {
        long long k = elem(od, i);
        if (is_integral(odt)) {
            store_long(out, odt, k, lvalue);
        } else {
            store(out, odt, k, value);
        }
    }
}

extern "C" __global__ void alf_copy(const void *src, Desc sd, int sdt, void *dst, Desc dd, int ddt, int n) {
    GRID_STRIDE(i, n) {
        long long s = elem(sd, i);
        long long d = elem(dd, i);
        if (is_integral(sdt)) {
            store_long(dst, ddt, d, load_long(src, sdt, s));
        } else {
            store(dst, ddt, d, load(src, sdt, s));
        }
    }
}

// ---------------------------------------------------------------- unary

// ψ(x): recurrence up to x ≥ 12, then the asymptotic series (Abramowitz and Stegun 6.3.18); reflection for x < 0
// (the same formulas as alf.tensor.SpecialFunctions.digamma)
__device__ double digamma(double x) {
    if (x != x || x == -INFINITY) {
        return NAN;
    }
    if (x <= 0 && x == rint(x)) {
        return x == 0 ? copysign(INFINITY, -copysign(1.0, x)) : NAN;
    }
    double r = 0;
    if (x < 0) {
        r = -M_PI / tan(M_PI * x);
        x = 1.0 - x;
    }
    while (x < 12) {
        r -= 1.0 / x;
        x += 1.0;
    }
    double f = 1.0 / (x * x);
    double series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
    return r + log(x) - 0.5 / x - series;
}

// ψ₁(x): recurrence ψ₁(x) = ψ₁(x+1) + 1/x² up to x ≥ 12, then Abramowitz and Stegun 6.4.12; reflection for x < 0
// (alf.tensor.SpecialFunctions.trigamma)
__device__ double trigamma(double x) {
    if (x != x) {
        return x;
    }
    if (x <= 0 && x == rint(x)) {
        return INFINITY;
    }
    double sign = 1.0;
    double r = 0;
    if (x < 0) {
        double s = sin(M_PI * x);
        r = M_PI * M_PI / (s * s);
        sign = -1.0;
        x = 1.0 - x;
    }
    double acc = 0;
    while (x < 12) {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    double f = 1.0 / (x * x);
    double series = 1.0 / x + f / 2 + (1.0 / x) * f * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42
            - f * (1.0 / 30 - f * (5.0 / 66)))));
    return r + sign * (acc + series);
}

// UnaryOp ordinals
enum { U_NEG, U_ABS, U_SIGN, U_EXP, U_LOG, U_LOG1P, U_EXPM1, U_TANH, U_ATANH, U_SIGMOID, U_SOFTPLUS, U_RELU,
       U_SOFTSIGN, U_SQRT, U_RSQRT, U_RECIPROCAL, U_SQUARE, U_SIN, U_COS, U_FLOOR, U_CEIL, U_ROUND, U_LGAMMA,
       U_DIGAMMA, U_TRIGAMMA, U_LOGICAL_NOT, U_ISNAN, U_ISFINITE };

__device__ double unary_double(int op, double x) {
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return fabs(x);
        case U_SIGN: return x != x ? x : (x > 0 ? 1.0 : (x < 0 ? -1.0 : x));
        case U_EXP: return exp(x);
        case U_LOG: return log(x);
        case U_LOG1P: return log1p(x);
        case U_EXPM1: return expm1(x);
        case U_TANH: return tanh(x);
        case U_ATANH: return 0.5 * log1p(2.0 * x / (1.0 - x));
        case U_SIGMOID: {
            if (x >= 0) {
                return 1.0 / (1.0 + exp(-x));
            }
            double e = exp(x);
            return e / (1.0 + e);
        }
        case U_SOFTPLUS: return fmax(x, 0.0) + log1p(exp(-fabs(x)));
        case U_RELU: return x > 0 ? x : (x != x ? x : 0.0);
        case U_SOFTSIGN: return x / (1.0 + fabs(x));
        case U_SQRT: return sqrt(x);
        case U_RSQRT: return 1.0 / sqrt(x);
        case U_RECIPROCAL: return 1.0 / x;
        case U_SQUARE: return x * x;
        case U_SIN: return sin(x);
        case U_COS: return cos(x);
        case U_FLOOR: return floor(x);
        case U_CEIL: return ceil(x);
        case U_ROUND: return rint(x);
        case U_LGAMMA: return lgamma(x);
        case U_DIGAMMA: return digamma(x);
        case U_TRIGAMMA: return trigamma(x);
        case U_LOGICAL_NOT: return x == 0.0 ? 1.0 : 0.0;
        case U_ISNAN: return x != x ? 1.0 : 0.0;
        default: return isfinite(x) ? 1.0 : 0.0;
    }
}

// the ops that keep integral inputs integral (UnaryOp.promotesIntegralToFloat is false for them)
__device__ long long unary_long(int op, long long x) {
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return x < 0 ? -x : x;
        case U_SIGN: return x > 0 ? 1 : (x < 0 ? -1 : 0);
        case U_RELU: return x > 0 ? x : 0;
        case U_SQUARE: return x * x;
        case U_LOGICAL_NOT: return x == 0 ? 1 : 0;
        case U_ISNAN: return 0;
        case U_ISFINITE: return 1;
        default: return x;  // FLOOR, CEIL, ROUND of an integer
    }
}

extern "C" __global__ void alf_unary(int op, const void *x, Desc xd, int xdt, void *out, Desc od, int odt, int n) {
    GRID_STRIDE(i, n) {
        long long s = elem(xd, i);
        long long d = elem(od, i);
        if (is_integral(xdt)) {
            store_long(out, odt, d, unary_long(op, load_long(x, xdt, s)));
        } else {
            store(out, odt, d, unary_double(op, load(x, xdt, s)));
        }
    }
}

// ---------------------------------------------------------------- binary

// BinaryOp ordinals
enum { B_ADD, B_SUB, B_MUL, B_DIV, B_FLOOR_DIV, B_REMAINDER, B_POW, B_MAXIMUM, B_MINIMUM, B_ATAN2, B_RELU_BACKWARD,
       B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE, B_LOGICAL_AND, B_LOGICAL_OR, B_LOGICAL_XOR };

// comparisons and logical ops (B_EQ … B_LOGICAL_XOR), exact in the operands' own type: 1 or 0
template <typename T>
__device__ T compare(int op, T a, T b) {
    switch (op) {
        case B_EQ: return a == b;
        case B_NE: return a != b;
        case B_LT: return a < b;
        case B_LE: return a <= b;
        case B_GT: return a > b;
        case B_GE: return a >= b;
        case B_LOGICAL_AND: return (a != 0 && b != 0);
        case B_LOGICAL_OR: return (a != 0 || b != 0);
        default: return ((a != 0) != (b != 0));
    }
}

// floored division from the exact remainder, as BinaryOp.FLOOR_DIV (PyTorch's div_floor)
__device__ double floor_div(double a, double b) {
    if (b == 0) {
        return a / b;
    }
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) {
        div -= 1.0;
    }
    if (div == 0) {
        return copysign(0.0, a / b);
    }
    double fl = floor(div);
    if (div - fl > 0.5) {
        fl += 1.0;
    }
    return fl;
}

__device__ double binary_double(int op, double a, double b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_FLOOR_DIV: return floor_div(a, b);
        case B_REMAINDER: {
            double r = fmod(a, b);
            return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
        }
        case B_POW: return pow(a, b);
        case B_MAXIMUM: return (a != a || b != b) ? NAN : fmax(a, b);
        case B_MINIMUM: return (a != a || b != b) ? NAN : fmin(a, b);
        case B_ATAN2: return atan2(a, b);
        case B_RELU_BACKWARD: return b > 0 ? a : 0.0;
        default: return compare(op, a, b);
    }
}

__device__ long long binary_long(int op, long long a, long long b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV:
        case B_FLOOR_DIV:
        case B_REMAINDER: {
            if (b == 0) {
                raise_error(ERR_INT_DIV_ZERO, 0, 0);
                return 0;
            }
            long long q = a / b;
            long long r = a % b;
            if (op == B_DIV) {
                return q;
            }
            bool adjust = r != 0 && ((r < 0) != (b < 0));
            return op == B_FLOOR_DIV ? (adjust ? q - 1 : q) : (adjust ? r + b : r);
        }
        case B_POW: {
            if (b < 0) {
                raise_error(ERR_NEG_INT_POW, b, 0);
                return 0;
            }
            long long r = 1;
            long long base = a;
            while (b > 0) {
                if (b & 1) {
                    r *= base;
                }
                base *= base;
                b >>= 1;
            }
            return r;
        }
        case B_MAXIMUM: return a > b ? a : b;
        case B_MINIMUM: return a < b ? a : b;
        case B_RELU_BACKWARD: return b > 0 ? a : 0;
        case B_ATAN2: return (long long) binary_double(op, (double) a, (double) b);
        default: return compare(op, a, b);
    }
}

extern "C" __global__ void alf_binary(int op, const void *a, Desc ad, const void *b, Desc bd, int cdt, void *out,
                                      Desc od, int odt, int n) {
    GRID_STRIDE(i, n) {
        long long ka = elem(ad, i);
        long long kb = elem(bd, i);
        long long ko = elem(od, i);
        if (is_integral(cdt)) {
            store_long(out, odt, ko, binary_long(op, load_long(a, cdt, ka), load_long(b, cdt, kb)));
        } else {
            store(out, odt, ko, binary_double(op, load(a, cdt, ka), load(b, cdt, kb)));
        }
    }
}

// out = cond ? a : b; a, b and out share one dtype, so the element is moved exactly
extern "C" __global__ void alf_where(const void *cond, Desc cd, const void *a, Desc ad, const void *b, Desc bd,
                                     int dt, void *out, Desc od, int n) {
    GRID_STRIDE(i, n) {
        bool c = ((const unsigned char *) cond)[elem(cd, i)] != 0;
        copy_element(out, elem(od, i), c ? a : b, c ? elem(ad, i) : elem(bd, i), dt);
    }
}

// ---------------------------------------------------------------- reductions

// ReduceOp ordinals
enum { R_SUM, R_PROD, R_MAX, R_MIN, R_ANY, R_ALL };

#define REDUCE_THREADS 256

__device__ double reduce_identity(int op) {
    switch (op) {
        case R_SUM: case R_ANY: return 0.0;
        case R_PROD: case R_ALL: return 1.0;
        case R_MAX: return -INFINITY;
        default: return INFINITY;
    }
}

__device__ double combine_double(int op, double acc, double v) {
    switch (op) {
        case R_SUM: return acc + v;
        case R_PROD: return acc * v;
        case R_MAX: return (acc != acc || v != v) ? NAN : fmax(acc, v);
        case R_MIN: return (acc != acc || v != v) ? NAN : fmin(acc, v);
        case R_ANY: return (acc != 0 || v != 0) ? 1.0 : 0.0;
        default: return (acc != 0 && v != 0) ? 1.0 : 0.0;
    }
}

__device__ long long combine_long(int op, long long acc, long long v) {
    switch (op) {
        case R_SUM: return acc + v;
        case R_PROD: return acc * v;
        case R_MAX: return acc > v ? acc : v;
        case R_MIN: return acc < v ? acc : v;
        case R_ANY: return (acc != 0 || v != 0);
        default: return (acc != 0 && v != 0);
    }
}

// One block per output element m: x's Desc lists the kept dimensions first and the reduced ones last, so element
// (m, r) of the reduction is x's linear index m * count + r. Each thread folds a strided share in a fixed order, then
// a shared-memory tree combines the 256 partials: the same order on every run (deterministic, not sequential).
extern "C" __global__ void alf_reduce(int op, const void *x, Desc xd, int xdt, int count, void *out, Desc od,
                                      int odt, int outputs) {
    __shared__ double partial[REDUCE_THREADS];
    __shared__ long long partial_long[REDUCE_THREADS];
    bool exact = is_integral(xdt) && op != R_ANY && op != R_ALL;
    for (int m = blockIdx.x; m < outputs; m += gridDim.x) {
        double acc = reduce_identity(op);
        long long acc_long = op == R_PROD ? 1 : (op == R_MAX ? LLONG_MIN : (op == R_MIN ? LLONG_MAX : 0));
        for (int r = threadIdx.x; r < count; r += blockDim.x) {
            long long k = elem(xd, (long long) m * count + r);
            if (exact) {
                acc_long = combine_long(op, acc_long, load_long(x, xdt, k));
            } else {
                acc = combine_double(op, acc, load(x, xdt, k));
            }
        }
        partial[threadIdx.x] = acc;
        partial_long[threadIdx.x] = acc_long;
        __syncthreads();
        for (int s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) {
                partial[threadIdx.x] = combine_double(op, partial[threadIdx.x], partial[threadIdx.x + s]);
                partial_long[threadIdx.x] = combine_long(op, partial_long[threadIdx.x], partial_long[threadIdx.x + s]);
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            long long ko = elem(od, m);
            if (exact) {
                store_long(out, odt, ko, partial_long[0]);
            } else {
                store(out, odt, ko, partial[0]);
            }
        }
        __syncthreads();
    }
}

// One thread per output: the index of the first maximum (or minimum) along the last dimension of x's Desc; a NaN
// counts as the extreme, as torch.argmax.
extern "C" __global__ void alf_arg_reduce(int max, const void *x, Desc xd, int xdt, int count, long long *out,
                                          Desc od, int outputs) {
    GRID_STRIDE(m, outputs) {
        long long best = 0;
        double bestValue = load(x, xdt, elem(xd, m * count));
        for (int r = 1; r < count && bestValue == bestValue; r++) {
            double v = load(x, xdt, elem(xd, m * count + r));
            if (v != v || (max ? v > bestValue : v < bestValue)) {
                best = r;
                bestValue = v;
            }
        }
        out[elem(od, m)] = best;
    }
}

// ---------------------------------------------------------------- indexing

// out[..., j, ...] = x[..., index[..., j, ...], ...] along dim; out and index share a shape
extern "C" __global__ void alf_gather(const void *x, Desc xd, int dim, const long long *index, Desc id, void *out,
                                      Desc od, int dt, int n) {
    GRID_STRIDE(i, n) {
        long long rest = i;
        long long kx = xd.offset, ki = id.offset, ko = od.offset;
        for (int k = od.rank - 1; k >= 0; k--) {
            int c = (int) (rest % od.shape[k]);
            rest /= od.shape[k];
            ki += (long long) c * id.stride[k];
            ko += (long long) c * od.stride[k];
            if (k != dim) {
                kx += (long long) c * xd.stride[k];
            }
        }
        long long j = index[ki];
        if (j < 0 || j >= xd.shape[dim]) {
            raise_error(ERR_INDEX, j, xd.shape[dim]);
            continue;
        }
        copy_element(out, ko, x, kx + j * xd.stride[dim], dt);
    }
}

// out[..., index[..., j, ...], ...] += src[..., j, ...] along dim. One thread per line (every coordinate but dim):
// distinct lines write distinct lines of out, and each line adds in src's order, so the result is deterministic and
// equal to the sequential order of the CPU backend.
extern "C" __global__ void alf_scatter_add(void *out, Desc od, int dim, const long long *index, Desc id,
                                           const void *src, Desc sd, int dt, int lines) {
    GRID_STRIDE(line, lines) {
        long long rest = line;
        long long ko = od.offset, ki = id.offset, ks = sd.offset;
        for (int k = id.rank - 1; k >= 0; k--) {
            if (k == dim) {
                continue;
            }
            int c = (int) (rest % id.shape[k]);
            rest /= id.shape[k];
            ko += (long long) c * od.stride[k];
            ki += (long long) c * id.stride[k];
            ks += (long long) c * sd.stride[k];
        }
        for (int j = 0; j < id.shape[dim]; j++) {
            long long t = index[ki + (long long) j * id.stride[dim]];
            if (t < 0 || t >= od.shape[dim]) {
                raise_error(ERR_INDEX, t, od.shape[dim]);
                continue;
            }
            long long target = ko + t * od.stride[dim];
            long long source = ks + (long long) j * sd.stride[dim];
            if (is_integral(dt)) {
                store_long(out, dt, target, load_long(out, dt, target) + load_long(src, dt, source));
            } else {
                store(out, dt, target, load(out, dt, target) + load(src, dt, source));
            }
        }
    }
}

// out = x selected along dim at the 1-d int64 index
extern "C" __global__ void alf_index_select(const void *x, Desc xd, int dim, const long long *index, Desc id,
                                            void *out, Desc od, int dt, int n) {
    GRID_STRIDE(i, n) {
        long long rest = i;
        long long kx = xd.offset, ko = od.offset;
        int selected = 0;
        for (int k = od.rank - 1; k >= 0; k--) {
            int c = (int) (rest % od.shape[k]);
            rest /= od.shape[k];
            ko += (long long) c * od.stride[k];
            if (k == dim) {
                selected = c;
            } else {
                kx += (long long) c * xd.stride[k];
            }
        }
        long long j = index[id.offset + (long long) selected * id.stride[0]];
        if (j < 0 || j >= xd.shape[dim]) {
            raise_error(ERR_INDEX, j, xd.shape[dim]);
            continue;
        }
        copy_element(out, ko, x, kx + j * xd.stride[dim], dt);
    }
}

// ---------------------------------------------------------------- matrix product

#define TILE 16

// a [B, M, K] · b [B, K, N] → out [B, M, N] (contiguous), a and b with any strides (batch, row, column), one
// 16×16 output tile per block staged through shared memory; the sum over k runs in increasing k in the accumulator
// type (float for float32 and the half types, double for float64), as the CPU GEMM's scalar order.
template <typename Acc>
__device__ void gemm_tiled(const void *a, int as0, int as1, int as2, int aoff, const void *b, int bs0, int bs1,
                           int bs2, int boff, void *out, int dt, int M, int N, int K) {
    __shared__ Acc ta[TILE][TILE];
    __shared__ Acc tb[TILE][TILE];
    int batch = blockIdx.z;
    int row = blockIdx.y * TILE + threadIdx.y;
    int col = blockIdx.x * TILE + threadIdx.x;
    long long abase = aoff + (long long) batch * as0;
    long long bbase = boff + (long long) batch * bs0;
    Acc acc = 0;
    for (int k0 = 0; k0 < K; k0 += TILE) {
        int ka = k0 + threadIdx.x;
        int kb = k0 + threadIdx.y;
        ta[threadIdx.y][threadIdx.x] = (row < M && ka < K)
                ? (Acc) load(a, dt, abase + (long long) row * as1 + (long long) ka * as2) : (Acc) 0;
        tb[threadIdx.y][threadIdx.x] = (kb < K && col < N)
                ? (Acc) load(b, dt, bbase + (long long) kb * bs1 + (long long) col * bs2) : (Acc) 0;
        __syncthreads();
        int kmax = min(TILE, K - k0);
        for (int k = 0; k < kmax; k++) {
            acc += ta[threadIdx.y][k] * tb[k][threadIdx.x];
        }
        __syncthreads();
    }
    if (row < M && col < N) {
        store(out, dt, ((long long) batch * M + row) * N + col, (double) acc);
    }
}

extern "C" __global__ void alf_matmul(const void *a, int as0, int as1, int as2, int aoff, const void *b, int bs0,
                                      int bs1, int bs2, int boff, void *out, int dt, int M, int N, int K) {
    if (dt == DT_FLOAT64) {
        gemm_tiled<double>(a, as0, as1, as2, aoff, b, bs0, bs1, bs2, boff, out, dt, M, N, K);
    } else {
        gemm_tiled<float>(a, as0, as1, as2, aoff, b, bs0, bs1, bs2, boff, out, dt, M, N, K);
    }
}

// ---------------------------------------------------------------- random numbers

// Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
// counter-based generator, so element i of a draw is a pure function of (key = seed, counter = (offset, i)) and
// the stream is the same for any launch geometry.
#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

__device__ uint4 philox(uint4 c, uint2 key) {
    for (int round = 0; round < 10; round++) {
        unsigned int hi0 = __umulhi(PHILOX_M0, c.x);
        unsigned int lo0 = PHILOX_M0 * c.x;
        unsigned int hi1 = __umulhi(PHILOX_M1, c.z);
        unsigned int lo1 = PHILOX_M1 * c.z;
        c = make_uint4(hi1 ^ c.y ^ key.x, lo1, hi0 ^ c.w ^ key.y, lo0);
        key.x += PHILOX_W0;
        key.y += PHILOX_W1;
    }
    return c;
}

// (0, 1]: the top 53 bits of two words, shifted off zero so that log() in Box–Muller stays finite
__device__ __forceinline__ double unit_interval(unsigned int hi, unsigned int lo) {
    unsigned long long bits = (((unsigned long long) hi << 32) | lo) >> 11;
    return ((double) bits + 1.0) * (1.0 / 9007199254740992.0);
}

// kind 0: uniform on [low, high); kind 1: normal with mean low and standard deviation high (Box–Muller on the
// four words of one Philox block). out is contiguous; element i uses counter (i, offset).
extern "C" __global__ void alf_random(int kind, unsigned int seed_lo, unsigned int seed_hi, unsigned long long offset,
                                      double low, double high, void *out, int dt, int n) {
    GRID_STRIDE(i, n) {
        uint4 r = philox(make_uint4((unsigned int) i, (unsigned int) (i >> 32), (unsigned int) offset,
                                    (unsigned int) (offset >> 32)), make_uint2(seed_lo, seed_hi));
        double u1 = unit_interval(r.x, r.y);
        double v;
        if (kind == 0) {
            v = low + (high - low) * (1.0 - u1);
        } else {
            double u2 = unit_interval(r.z, r.w);
            v = low + high * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
        }
        store(out, dt, i, v);
        if (kind == 0 && high > low && load(out, dt, i) >= high) {
            store(out, dt, i, low);  // rounded up to the open bound in a narrow dtype: keep [low, high)
        }
    }
}
