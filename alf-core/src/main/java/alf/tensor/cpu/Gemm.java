package alf.tensor.cpu;

/** Straightforward matrix product, C (=|+=) A·B, with strided A and B; replaced by the blocked kernel. */
public final class Gemm {
    private Gemm() {
    }

    public static void sgemm(int m, int n, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff,
            int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * aRs + p * aCs] * b[bOff + p * bRs + j * bCs];
                }
                c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
            }
        }
    }

    public static void dgemm(int m, int n, int k, double[] a, int aOff, int aRs, int aCs, double[] b, int bOff,
            int bRs, int bCs, double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * aRs + p * aCs] * b[bOff + p * bRs + j * bCs];
                }
                c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
            }
        }
    }
}
