package alf.tensor.cuda;

/** The matrix-product implementations of the cuda backend. */
public enum GemmPath {
    /** cuBLAS (JCublas2, needs {@code libcublas.so.12}) for float32/float64; the tiled kernel for the half types. */
    CUBLAS,
    /** The module's own 16×16 shared-memory tiled kernel ({@code alf_matmul}) for every floating dtype. */
    TILED
}
