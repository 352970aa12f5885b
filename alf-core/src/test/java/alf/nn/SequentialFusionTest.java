package alf.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@link Sequential} runs each Linear + ReLU pair as one fused bias + ReLU: the output and every parameter's
 * gradient are bit-identical to running the entries one by one, and a hook on either module keeps the pair unfused
 * (so the hook still sees the module's own output).
 */
class SequentialFusionTest {

    /** Output and gradients of {@code net} on {@code x}, fused (forward) or entry by entry (each module's call). */
    private static List<Tensor> run(Sequential net, Tensor x, boolean entryByEntry) {
        net.zeroGrad();
        Tensor y = x;
        if (entryByEntry) {
            for (Module m : net.namedChildren().values()) {
                y = m.call(y);
            }
        } else {
            y = net.call(x);
        }
        y.square().sumAll().backward();
        List<Tensor> out = new ArrayList<>(List.of(y.detach()));
        for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
            out.add(p.getValue().grad());
        }
        return out;
    }

    private static void assertBitEqual(List<Tensor> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            double[] e = expected.get(k).toDoubleArray();
            double[] a = actual.get(k).toDoubleArray();
            assertEquals(e.length, a.length);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(a[i]),
                        "tensor " + k + " element " + i);
            }
        }
    }

    @Test
    void fusedPairsGiveTheBitsOfTheSeparateModules() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Sequential net = MLP.builder(5).hidden(33, 17).output(3).dtype(dtype).build(new Rng(7));
            Tensor x = Tensor.randn(new Rng(8), dtype, 40, 5);
            assertBitEqual(run(net, x, true), run(net, x, false));
        }
    }

    @Test
    void aHookKeepsItsModuleUnfusedAndFires() {
        Sequential net = MLP.builder(4).hidden(8).output(2).build(new Rng(9));
        List<Tensor> seen = new ArrayList<>();
        Module relu = net.namedChildren().get("1");
        relu.registerForwardHook((m, in, out) -> {
            seen.add(out);
            return null;
        });
        Tensor x = Tensor.randn(new Rng(10), 6, 4);
        Tensor y = net.call(x);
        assertEquals(1, seen.size());
        Tensor hidden = net.namedChildren().get("0").call(x).relu();
        assertEquals(java.util.Arrays.toString(hidden.toDoubleArray()),
                java.util.Arrays.toString(seen.get(0).toDoubleArray()));
        assertEquals(2, y.size(1));
    }
}
