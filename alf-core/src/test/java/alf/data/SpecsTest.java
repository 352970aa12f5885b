package alf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import org.junit.jupiter.api.Test;

class SpecsTest {

    @Test
    void tensorSpecIsAnImmutableValue() {
        int[] shape = {2, 3};
        TensorSpec spec = new TensorSpec(shape, DType.FLOAT32, "obs");
        shape[0] = 99;
        assertArrayEquals(new int[] {2, 3}, spec.shape());
        spec.shape()[1] = 42;
        assertArrayEquals(new int[] {2, 3}, spec.shape());
        assertEquals(6, spec.numel());
        assertEquals(2, spec.rank());
        assertArrayEquals(new int[] {5, 2, 3}, spec.batchedShape(5));
        assertEquals(new TensorSpec(new int[] {2, 3}, DType.FLOAT32, "obs"), spec);
        assertEquals(new TensorSpec(new int[] {2, 3}, DType.FLOAT32, "obs").hashCode(), spec.hashCode());
        assertNotEquals(new TensorSpec(new int[] {3, 2}, DType.FLOAT32, "obs"), spec);
        assertEquals(1, TensorSpec.scalar(DType.INT64, "a").numel());
        assertTrue(spec.isFloatingPoint());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorSpec(new int[] {2, -1}, DType.FLOAT32, "bad"));
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void boundedSpecAcceptsScalarOrPerElementBounds() {
        BoundedTensorSpec scalar = BoundedTensorSpec.uniform(new int[] {3}, DType.FLOAT32, "a", -2, 2);
        assertEquals(-2, scalar.minimum(2));
        assertEquals(2, scalar.maximum(0));
        assertTrue(scalar.isFinite());
        assertFalse(scalar.isDiscrete());
        BoundedTensorSpec perElement = new BoundedTensorSpec(new int[] {2}, DType.FLOAT32, "o",
                new double[] {-1, Double.NEGATIVE_INFINITY}, new double[] {1, Double.POSITIVE_INFINITY});
        assertEquals(Double.POSITIVE_INFINITY, perElement.maximum(1));
        assertFalse(perElement.isFinite());
        BoundedTensorSpec discrete = BoundedTensorSpec.uniform(new int[0], DType.INT64, "d", 0, 2);
        assertTrue(discrete.isDiscrete());
        assertEquals(new TensorSpec(new int[0], DType.INT64, "d"), discrete.toTensorSpec());
        assertEquals(BoundedTensorSpec.uniform(new int[] {3}, DType.FLOAT32, "a", -2, 2), scalar);

        assertThrows(IllegalArgumentException.class, () -> new BoundedTensorSpec(new int[] {3}, DType.FLOAT32, "x",
                new double[] {0, 0}, new double[] {1, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoundedTensorSpec.uniform(new int[] {1}, DType.FLOAT32, "x", 1, 0));
        assertTrue(e.getMessage().contains("minimum 1.0") && e.getMessage().contains("maximum 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BoundedTensorSpec.uniform(new int[] {1}, DType.FLOAT32, "x", Double.NaN, 0));
    }

    @Test
    void stepTypeCodesRoundTrip() {
        for (StepType t : StepType.values()) {
            assertEquals(t, StepType.fromCode(t.code()));
        }
        assertEquals(0, StepType.FIRST.code());
        assertEquals(2, StepType.LAST.code());
        assertThrows(IllegalArgumentException.class, () -> StepType.fromCode(3));
    }
}
