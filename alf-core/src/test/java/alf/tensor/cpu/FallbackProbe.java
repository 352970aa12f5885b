package alf.tensor.cpu;

import alf.tensor.AdamRule;
import alf.tensor.AdamSlots;
import alf.tensor.BinaryOp;
import alf.tensor.DType;
import alf.tensor.Tensor;
import alf.tensor.UnaryOp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Computes a fixed set of CPU-backend results and prints each as a line {@code name=hex bits}: every Vector API
 * elementwise kernel (float32 and float64 rows long enough for the vector body, also broadcast), every GEMM path
 * (packed with several k-blocks, small k, the matrix-vector forms, accumulate or not, transposed operands), a small
 * network's forward and backward through the public tensor API, a fused linear layer with its ReLU (forward, weight
 * and bias gradients), {@code scaleAddi}, and {@code allFinite} with a non-finite value at each position. {@code VectorFallbackTest} runs it in a JVM without {@code --add-modules jdk.incubator.vector} and
 * compares with the same results computed with the Vector API.
 */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    /** Prints {@code vector=true|false} and then the results, one per line. */
    public static void main(String[] args) {
        System.out.println("vector=" + VectorSupport.AVAILABLE);
        for (Map.Entry<String, String> e : results().entrySet()) {
            System.out.println(e.getKey() + "=" + e.getValue());
        }
    }

    /** The results by case name, as hex strings of the raw bits of every element. */
    static Map<String, String> results() {
        Map<String, String> out = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(7);
        int n = 37;
        float[] fa = floats(rng, n);
        float[] fb = floats(rng, n);
        double[] da = doubles(rng, n);
        double[] db = doubles(rng, n);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB,
            BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM,
            BinaryOp.MINIMUM, BinaryOp.RELU_BACKWARD}) {
            float[] o = new float[n];
            FloatKernels.binary(op, fa, 0, 1, fb, 0, 1, o, 0, 1, n);
            out.put("float32 " + op, hex(o));
            FloatKernels.binary(op, fa, 0, 1, fb, 3, 0, o, 0, 1, n);
            out.put("float32 " + op + " broadcast", hex(o));
            Tensor r = Tensor.zeros(DType.FLOAT64, n);
            CpuBackend.INSTANCE.binary(op, Tensor.of(da), Tensor.of(db), r);
            out.put("float64 " + op, hex(r.toDoubleArray()));
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.NEG,
            UnaryOp.ABS, UnaryOp.SQUARE}) {
            float[] o = new float[n];
            FloatKernels.unary(op, fa, 0, 1, o, 0, 1, n);
            out.put("float32 " + op, hex(o));
        }
        // m, n, k, transposeA, transposeB, accumulate: packed (two k-blocks), small k, both matrix-vector forms
        int[][] shapes = {{37, 41, 29, 0, 0, 0}, {20, 33, 300, 1, 0, 1}, {13, 50, 5, 0, 1, 0}, {9, 40, 7, 0, 0, 1},
            {45, 1, 31, 1, 0, 0}, {45, 1, 31, 1, 0, 1}, {1, 45, 31, 0, 0, 0}, {3, 1, 5, 0, 0, 1}};
        for (int[] s : shapes) {
            int m = s[0];
            int nn = s[1];
            int k = s[2];
            float[] a = floats(rng, m * k);
            float[] b = floats(rng, k * nn);
            float[] c = floats(rng, m * nn);
            double[] a2 = doubles(rng, m * k);
            double[] b2 = doubles(rng, k * nn);
            double[] c2 = doubles(rng, m * nn);
            int aRs = s[3] == 1 ? 1 : k;
            int aCs = s[3] == 1 ? m : 1;
            int bRs = s[4] == 1 ? 1 : nn;
            int bCs = s[4] == 1 ? k : 1;
            boolean acc = s[5] == 1;
            Gemm.sgemm(m, nn, k, a, 0, aRs, aCs, b, 0, bRs, bCs, c, 0, nn, acc);
            Gemm.dgemm(m, nn, k, a2, 0, aRs, aCs, b2, 0, bRs, bCs, c2, 0, nn, acc);
            String name = "gemm " + m + "x" + k + "x" + nn + (s[3] == 1 ? " At" : "") + (s[4] == 1 ? " Bt" : "")
                    + (acc ? " acc" : "");
            out.put(name + " float32", hex(c));
            out.put(name + " float64", hex(c2));
        }
        Tensor x = Tensor.of(floats(rng, 8 * 37), 8, 37);
        Tensor w = Tensor.of(floats(rng, 37 * 29), 37, 29).setRequiresGrad(true);
        Tensor v = Tensor.of(floats(rng, 29 * 3), 29, 3).setRequiresGrad(true);
        Tensor y = x.matmul(w).relu().matmul(v).tanh().square().sum(new int[] {0, 1}, false);
        y.backward();
        out.put("network loss", hex(y.toFloatArray()));
        out.put("network grad w", hex(w.grad().toFloatArray()));
        out.put("network grad v", hex(v.grad().toFloatArray()));
        Tensor lw = Tensor.of(floats(rng, 29 * 37), 29, 37).setRequiresGrad(true);
        Tensor lb = Tensor.of(floats(rng, 29), 29).setRequiresGrad(true);
        Tensor layer = x.linearRelu(lw, lb);
        layer.mul(layer).sumAll().backward();
        out.put("linearRelu", hex(layer.toFloatArray()));
        out.put("linearRelu grad w", hex(lw.grad().toFloatArray()));
        out.put("linearRelu grad b", hex(lb.grad().toFloatArray()));
        Tensor target = Tensor.of(floats(rng, 67), 67);
        target.scaleAddi(0.995, Tensor.of(floats(rng, 67), 67), 0.005);
        out.put("scaleAddi float32", hex(target.toFloatArray()));
        Tensor target64 = Tensor.of(doubles(rng, 67), 67);
        target64.scaleAddi(0.995, Tensor.of(doubles(rng, 67), 67), 0.005);
        out.put("scaleAddi float64", hex(target64.toDoubleArray()));
        for (AdamRule.Form form : AdamRule.Form.values()) {
            Tensor p32 = Tensor.of(floats(rng, 67), 67);
            Tensor p64 = Tensor.of(doubles(rng, 67), 67);
            for (int t = 1; t <= 3; t++) {
                adamStep(form, p32, Tensor.of(floats(rng, 67), 67), t);
                adamStep(form, p64, Tensor.of(doubles(rng, 67), 67), t);
            }
            out.put("adamStep " + form + " float32", hex(p32.toFloatArray()));
            out.put("adamStep " + form + " float64", hex(p64.toDoubleArray()));
        }
        out.put("allFinite float32", allFiniteAtEachPosition(Tensor.of(fa)));
        out.put("allFinite float64", allFiniteAtEachPosition(Tensor.of(da)));
        return out;
    }

    /** A fused Adam-family step with every option on (coupled and decoupled decay, AMSGrad), fresh moments. */
    private static void adamStep(AdamRule.Form form, Tensor param, Tensor grad, int t) {
        double c2 = Math.sqrt(1 - Math.pow(0.999, t));
        AdamRule rule = new AdamRule(form, 0.9, 0.999, 1e-8, 0.01, Tensor.hostScalar(() -> 0.999),
                Tensor.hostScalar(() -> form == AdamRule.Form.PYTORCH ? -0.01 : 0.01),
                form == AdamRule.Form.PYTORCH ? Tensor.hostScalar(() -> c2) : null);
        Tensor m = grad.mul(0.5);
        CpuBackend.INSTANCE.adamStep(rule, new AdamSlots(param, grad, m, grad.square(), m.abs(),
                Tensor.zerosLike(param), Tensor.zerosLike(param)));
    }

    private static float[] floats(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        return a;
    }

    private static double[] doubles(SplittableRandom rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextDouble() * 4 - 2;
        }
        return a;
    }

    /**
     * {@code allFinite} of {@code x} as it is ('T' or 'F'), then with a NaN, +∞ and −∞ at each position in turn (in the
     * vector body and the tail alike).
     */
    private static String allFiniteAtEachPosition(Tensor x) {
        StringBuilder flags = new StringBuilder().append(CpuBackend.INSTANCE.allFinite(x) ? 'T' : 'F');
        for (int i = 0; i < x.numel(); i++) {
            Tensor element = x.narrow(0, i, 1);
            double kept = element.item();
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                element.fill_(bad);
                flags.append(CpuBackend.INSTANCE.allFinite(x) ? 'T' : 'F');
            }
            element.fill_(kept);
        }
        return flags.toString();
    }

    private static String hex(float[] a) {
        StringBuilder sb = new StringBuilder();
        for (float f : a) {
            sb.append(Integer.toHexString(Float.floatToRawIntBits(f))).append(' ');
        }
        return sb.toString().trim();
    }

    private static String hex(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (double d : a) {
            sb.append(Long.toHexString(Double.doubleToRawLongBits(d))).append(' ');
        }
        return sb.toString().trim();
    }
}
