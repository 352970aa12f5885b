package alf.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class MLPTest {

    @Test
    void buildsLinearActivationChainWithPyTorchNames() {
        Sequential net = MLP.builder(3).hidden(16, 8).activation(Tanh::new).output(2)
                .outputActivation(Sigmoid::new).build(new Rng(1));
        assertEquals(6, net.size());
        assertInstanceOf(Linear.class, net.get(0));
        assertInstanceOf(Tanh.class, net.get(1));
        assertInstanceOf(Tanh.class, net.get(3));
        assertInstanceOf(Sigmoid.class, net.get(5));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(net.namedParameters().keySet()));
        assertArrayEquals(new int[] {8, 16}, net.namedParameters().get("2.weight").shape());
        Tensor y = net.call(Tensor.randn(new Rng(2), 10, 3));
        assertArrayEquals(new int[] {10, 2}, y.shape());
        for (double v : y.toDoubleArray()) {
            assertTrue(v > 0 && v < 1);
        }
    }

    @Test
    void forwardEqualsTheLayersAppliedByHand() {
        Sequential net = MLP.builder(4).hidden(5).output(3).dtype(DType.FLOAT64).build(new Rng(3));
        Linear l0 = (Linear) net.get(0);
        Linear l2 = (Linear) net.get(2);
        Tensor x = Tensor.randn(new Rng(4), DType.FLOAT64, 6, 4);
        Tensor byHand = x.matmul(l0.weight().t()).add(l0.bias()).relu().matmul(l2.weight().t()).add(l2.bias());
        assertArrayEquals(byHand.toDoubleArray(), net.call(x).toDoubleArray(), 1e-12);
        assertEquals(DType.FLOAT64, net.parameters().get(0).dtype());
    }

    @Test
    void encoderWithoutOutputLayerEndsWithActivation() {
        Sequential enc = MLP.builder(2).hidden(4).bias(false).build(new Rng(5));
        assertEquals(2, enc.size());
        assertInstanceOf(ReLU.class, enc.get(-1));
        assertEquals(1, enc.parameters().size());
    }

    @Test
    void invalidConfigurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MLP.builder(0));
        assertThrows(IllegalArgumentException.class, () -> MLP.builder(2).hidden(3, 0));
        assertThrows(IllegalArgumentException.class, () -> MLP.builder(2).build(new Rng(1)));
        assertThrows(IllegalArgumentException.class,
                () -> MLP.builder(2).hidden(3).outputActivation(Tanh::new).build(new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> MLP.builder(2).dtype(DType.INT64));
    }

    @Test
    void namedSequentialUsesTheGivenNames() {
        LinkedHashMap<String, Module> m = new LinkedHashMap<>();
        m.put("fc", new Linear(2, 2, new Rng(1)));
        m.put("act", new ReLU());
        Sequential s = new Sequential(m);
        assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(s.namedParameters().keySet()));
        assertInstanceOf(ReLU.class, s.get("act"));
        assertThrows(IllegalArgumentException.class, () -> s.get("nope"));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(2));
    }
}
