package alf.tensor.nd4j;

import alf.tensor.DType;
import alf.tensor.Tensor;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between {@link Tensor} and ND4J's {@link INDArray}: element values, shape and dtype round-trip exactly
 * (the result is always a fresh, C-ordered array / contiguous tensor; views are materialised).
 */
public final class Nd4jInterop {
    private Nd4jInterop() {
    }

    /** The ND4J data type of an ALF dtype. */
    public static DataType toNd4j(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> DataType.FLOAT;
            case FLOAT64 -> DataType.DOUBLE;
            case FLOAT16 -> DataType.HALF;
            case BFLOAT16 -> DataType.BFLOAT16;
            case INT32 -> DataType.INT;
            case INT64 -> DataType.LONG;
            case BOOL -> DataType.BOOL;
        };
    }

    /** The ALF dtype of an ND4J data type; types ALF lacks are an error naming them. */
    public static DType fromNd4j(DataType type) {
        return switch (type) {
            case FLOAT -> DType.FLOAT32;
            case DOUBLE -> DType.FLOAT64;
            case HALF -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            case INT -> DType.INT32;
            case LONG -> DType.INT64;
            case BOOL -> DType.BOOL;
            default -> throw new IllegalArgumentException("ND4J data type " + type + " has no ALF dtype");
        };
    }

    private static long[] longShape(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    /** A C-ordered INDArray with this tensor's values, shape and dtype. */
    public static INDArray toINDArray(Tensor t) {
        long[] shape = longShape(t.shape());
        return switch (t.dtype()) {
            case FLOAT32 -> Nd4j.create(t.toFloatArray(), shape, DataType.FLOAT);
            case FLOAT64 -> Nd4j.create(t.toDoubleArray(), shape, DataType.DOUBLE);
            case FLOAT16, BFLOAT16 -> Nd4j.create(t.toFloatArray(), shape, DataType.FLOAT).castTo(toNd4j(t.dtype()));
            case INT32 -> Nd4j.createFromArray(t.toIntArray()).reshape('c', shape);
            case INT64 -> Nd4j.createFromArray(t.toLongArray()).reshape('c', shape);
            case BOOL -> Nd4j.createFromArray(t.toBooleanArray()).reshape('c', shape);
        };
    }

    /** A contiguous tensor with the array's values, shape and dtype (any ordering or view is materialised). */
    public static Tensor fromINDArray(INDArray a) {
        int[] shape = Arrays.stream(a.shape()).mapToInt(Math::toIntExact).toArray();
        INDArray c = a.dup('c');
        DType dtype = fromNd4j(a.dataType());
        Tensor flat = switch (dtype) {
            case FLOAT32 -> Tensor.of(c.data().asFloat());
            case FLOAT64 -> Tensor.of(c.data().asDouble());
            case FLOAT16, BFLOAT16 -> Tensor.of(c.castTo(DataType.FLOAT).data().asFloat()).to(dtype);
            case INT32 -> Tensor.of(c.data().asInt());
            case INT64 -> Tensor.of(c.data().asLong());
            case BOOL -> {
                int[] v = c.castTo(DataType.INT).data().asInt();
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = v[i] != 0;
                }
                yield Tensor.of(b);
            }
        };
        return flat.reshape(shape);
    }
}
