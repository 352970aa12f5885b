package alf.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** The error words the kernels record become the exception types the CPU backend throws, with one sentence. */
class KernelErrorTest {

    @Test
    void eachCodeMapsToTheCpuBackendsExceptionType() {
        RuntimeException index = KernelError.toException(KernelError.INDEX, 5, 3);
        assertInstanceOf(IndexOutOfBoundsException.class, index);
        assertEquals("index 5 is out of range for a dimension of size 3 in gather, scatterAdd or indexSelect "
                + "(raised by a cuda kernel, reported at the next synchronisation of the stream)", index.getMessage());
        assertInstanceOf(ArithmeticException.class,
                KernelError.toException(KernelError.INTEGER_DIVISION_BY_ZERO, 0, 0));
        RuntimeException pow = KernelError.toException(KernelError.NEGATIVE_INTEGER_POWER, -2, 0);
        assertInstanceOf(ArithmeticException.class, pow);
        assertEquals("integers to negative integer powers are not allowed (exponent -2) (raised by a cuda kernel, "
                + "reported at the next synchronisation of the stream)", pow.getMessage());
        assertInstanceOf(IllegalStateException.class, KernelError.toException(9, 0, 0));
    }
}
