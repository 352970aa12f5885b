package alf.nn.init;

import alf.tensor.GradMode;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.Arrays;

/**
 * Weight initialisers ({@code torch.nn.init}). Each fills its tensor <em>in place</em> (under
 * {@link GradMode#noGrad()}, so parameters can be initialised), draws from the explicit {@link Rng}, and returns the
 * tensor. The distributions are PyTorch's; the random streams are ALF's own, so values match PyTorch in law, not bit
 * for bit.
 */
public final class Init {
    private Init() {
    }

    /** Fills with draws from U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high, Rng rng) {
        requireTensor("uniform", t);
        if (!(low <= high)) {
            throw new IllegalArgumentException("uniform: low must be <= high, got low=" + low + ", high=" + high);
        }
        return fill(t, Tensor.uniform(rng, low, high, t.dtype(), t.shape()));
    }

    /** Fills with draws from N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        requireTensor("normal", t);
        if (!(std >= 0)) {
            throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        }
        return fill(t, Tensor.randn(rng, DType.FLOAT64, t.shape()).mul(std).add(mean));
    }

    /** Fills with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        requireTensor("constant", t);
        try (var s = GradMode.noGrad()) {
            return t.fill_(value);
        }
    }

    /** Fills with zeros. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0.0);
    }

    /** Fills with ones. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1.0);
    }

    /**
     * Glorot/Xavier uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)) (Glorot and Bengio, "Understanding the
     * difficulty of training deep feedforward neural networks", AISTATS 2010; {@code xavier_uniform_}).
     */
    public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
        requireTensor("xavierUniform", t);
        Fans f = Fans.of(t.shape());
        double a = gain * Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
        return uniform(t, -a, a, rng);
    }

    /** Glorot/Xavier normal: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)) ({@code xavier_normal_}). */
    public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
        requireTensor("xavierNormal", t);
        Fans f = Fans.of(t.shape());
        return normal(t, 0.0, gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())), rng);
    }

    /**
     * Kaiming/He uniform: U(−b, b) with b = √3·gain/√fan, gain = {@code nonlinearity.gain(a)} (He et al., "Delving
     * deep into rectifiers", ICCV 2015; {@code kaiming_uniform_}). PyTorch's default {@code Linear} weight init is
     * this with a = √5, leaky ReLU and fan-in, which reduces to U(−1/√fanIn, 1/√fanIn).
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        requireTensor("kaimingUniform", t);
        int fan = Fans.of(t.shape()).get(mode);
        requirePositiveFan("kaimingUniform", fan, t);
        double bound = Math.sqrt(3.0) * nonlinearity.gain(a) / Math.sqrt(fan);
        return uniform(t, -bound, bound, rng);
    }

    /** Kaiming/He normal: N(0, std²) with std = gain/√fan ({@code kaiming_normal_}). */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        requireTensor("kaimingNormal", t);
        int fan = Fans.of(t.shape()).get(mode);
        requirePositiveFan("kaimingNormal", fan, t);
        return normal(t, 0.0, nonlinearity.gain(a) / Math.sqrt(fan), rng);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain} (Saxe et al., "Exact solutions to the nonlinear dynamics of
     * learning in deep linear neural networks", 2013; {@code orthogonal_}). The tensor is viewed as rows = size(0) by
     * cols = numel/rows; a standard normal matrix of the taller orientation is QR-factorised (Householder) and Q's
     * columns are multiplied by sign(diag R), which makes Q Haar-distributed. Rows (if rows ≤ cols) or columns (if
     * rows ≥ cols) of the result are orthonormal·gain.
     */
    public static Tensor orthogonal(Tensor t, double gain, Rng rng) {
        requireTensor("orthogonal", t);
        if (t.dim() < 2) {
            throw new IllegalArgumentException("orthogonal: needs a tensor with at least 2 dimensions, got shape "
                    + Arrays.toString(t.shape()));
        }
        int rows = t.size(0);
        int cols = t.numel() / Math.max(rows, 1);
        if (rows == 0 || cols == 0) {
            return t;
        }
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows;
        int n = transpose ? rows : cols;
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = rng.nextGaussian();
            }
        }
        double[][] q = householderQ(a);
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = gain * (transpose ? q[c][r] : q[r][c]);
            }
        }
        return fill(t, Tensor.of(flat, t.shape()));
    }

    /**
     * The m×n factor Q of a = QR (m ≥ n) with the signs fixed so that R's diagonal is non-negative, by Householder
     * reflections H_k = I − 2vvᵀ/(vᵀv) (Golub and Van Loan, Matrix Computations, §5.2). Overwrites {@code a}.
     */
    private static double[][] householderQ(double[][] a) {
        int m = a.length;
        int n = a[0].length;
        double[][] vs = new double[n][];
        double[] rDiag = new double[n];
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += a[i][k] * a[i][k];
            }
            norm = Math.sqrt(norm);
            double alpha = a[k][k] > 0 ? -norm : norm;
            double[] v = new double[m];
            for (int i = k; i < m; i++) {
                v[i] = a[i][k];
            }
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < m; i++) {
                vv += v[i] * v[i];
            }
            if (vv > 0) {
                reflect(v, vv, a, k, n);
                vs[k] = v;
            }
            rDiag[k] = a[k][k];
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
        double[][] q = new double[m][n];
        for (int j = 0; j < n; j++) {
            q[j][j] = 1.0;
        }
        for (int k = n - 1; k >= 0; k--) {
            if (vs[k] != null) {
                double vv = 0;
                for (int i = k; i < m; i++) {
                    vv += vs[k][i] * vs[k][i];
                }
                reflect(vs[k], vv, q, 0, n);
            }
        }
        for (int j = 0; j < n; j++) {
            if (rDiag[j] < 0) {
                for (int i = 0; i < m; i++) {
                    q[i][j] = -q[i][j];
                }
            }
        }
        return q;
    }

    /** x[:, j] ← (I − 2vvᵀ/vv)·x[:, j] for columns j in [from, to). */
    private static void reflect(double[] v, double vv, double[][] x, int from, int to) {
        for (int j = from; j < to; j++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += v[i] * x[i][j];
            }
            double f = 2.0 * s / vv;
            if (f != 0) {
                for (int i = 0; i < x.length; i++) {
                    x[i][j] -= f * v[i];
                }
            }
        }
    }

    private static Tensor fill(Tensor t, Tensor values) {
        try (var s = GradMode.noGrad()) {
            return t.copy_(values);
        }
    }

    private static void requireTensor(String fn, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(fn + ": tensor must not be null");
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(fn + ": can only initialise floating point tensors, got " + t.dtype());
        }
    }

    private static void requirePositiveFan(String fn, int fan, Tensor t) {
        if (fan <= 0) {
            throw new IllegalArgumentException(fn + ": fan is 0 for a tensor of shape " + Arrays.toString(t.shape()));
        }
    }
}
