package alf.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.GradMode;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictTest {

    private static Sequential net(long seed) {
        return MLP.builder(3).hidden(5).output(2).build(new Rng(seed));
    }

    @Test
    void stateDictHoldsDetachedCopiesInPyTorchOrder() {
        ModuleTest.Net n = new ModuleTest.Net(new Rng(1));
        LinkedHashMap<String, Tensor> sd = n.stateDict();
        assertEquals(List.of("logAlpha", "steps", "actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias",
                "heads.mean.weight", "heads.mean.bias", "heads.std.weight"), List.copyOf(sd.keySet()));
        Tensor w = sd.get("actor.0.weight");
        assertFalse(w.requiresGrad());
        assertNotSame(n.actor.get(0).parameters().get(0).storage(), w.storage());
        float before = w.toFloatArray()[0];
        try (var s = GradMode.noGrad()) {
            n.actor.get(0).parameters().get(0).fill_(42.0);
        }
        assertEquals(before, sd.get("actor.0.weight").toFloatArray()[0], "a snapshot does not follow training");
    }

    @Test
    void loadStateDictRoundTripsIntoTheSameTensors() {
        Sequential a = net(1);
        Sequential b = net(2);
        Tensor bWeight = b.parameters().get(0);
        assertFalse(java.util.Arrays.equals(a.parameters().get(0).toFloatArray(), bWeight.toFloatArray()));
        LoadResult r = b.loadStateDict(a.stateDict(), true);
        assertTrue(r.isExactMatch());
        assertSame(bWeight, b.parameters().get(0), "values are copied into the existing parameters");
        assertTrue(bWeight.requiresGrad() && bWeight.isLeaf());
        for (Map.Entry<String, Tensor> e : a.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), b.namedParameters().get(e.getKey()).toFloatArray(),
                    e.getKey());
        }
        Tensor x = Tensor.randn(new Rng(3), 4, 3);
        assertArrayEquals(a.call(x).toFloatArray(), b.call(x).toFloatArray());
    }

    @Test
    void loadCastsToTheModuleDtype() {
        Sequential a = net(1);
        Sequential b64 = MLP.builder(3).hidden(5).output(2).dtype(DType.FLOAT64).build(new Rng(9));
        LinkedHashMap<String, Tensor> sd = a.stateDict();
        b64.loadStateDict(sd, true);
        assertEquals(DType.FLOAT64, b64.parameters().get(0).dtype());
        assertArrayEquals(sd.get("0.weight").toDoubleArray(), b64.parameters().get(0).toDoubleArray());
    }

    @Test
    void strictLoadListsEveryMissingUnexpectedAndMismatchedKeyAtOnce() {
        Sequential target = net(1);
        float[] original = target.parameters().get(0).toFloatArray();
        LinkedHashMap<String, Tensor> sd = net(2).stateDict();
        sd.remove("0.bias");
        sd.remove("2.weight");
        sd.put("3.weight", Tensor.zeros(2, 5));
        sd.put("extra", Tensor.zeros(1));
        sd.put("2.bias", Tensor.zeros(3));
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                () -> target.loadStateDict(sd, true));
        assertEquals(List.of("0.bias", "2.weight"), e.missingKeys());
        assertEquals(List.of("3.weight", "extra"), e.unexpectedKeys());
        assertEquals(List.of("2.bias: checkpoint shape [3], module shape [2]"), e.shapeMismatches());
        String msg = e.getMessage();
        for (String k : List.of("Sequential", "missing keys: 0.bias, 2.weight", "unexpected keys: 3.weight, extra",
                "size mismatch for 2.bias")) {
            assertTrue(msg.contains(k), () -> "message lacks '" + k + "': " + msg);
        }
        assertArrayEquals(original, target.parameters().get(0).toFloatArray(), "a failed load changes nothing");
    }

    @Test
    void nonStrictLoadReportsKeysButStillRejectsShapeMismatches() {
        Sequential target = net(1);
        LinkedHashMap<String, Tensor> sd = net(2).stateDict();
        Tensor w0 = sd.get("0.weight");
        sd.remove("2.bias");
        sd.put("other", Tensor.zeros(1));
        LoadResult r = target.loadStateDict(sd, false);
        assertEquals(List.of("2.bias"), r.missingKeys());
        assertEquals(List.of("other"), r.unexpectedKeys());
        assertArrayEquals(w0.toFloatArray(), target.namedParameters().get("0.weight").toFloatArray());

        sd.put("0.weight", Tensor.zeros(5, 4));
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                () -> target.loadStateDict(sd, false));
        assertEquals(List.of(), e.missingKeys());
        assertEquals(1, e.shapeMismatches().size());
        assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(null, true));
    }

    @Test
    void buffersAreSavedAndLoaded() {
        ModuleTest.Net a = new ModuleTest.Net(new Rng(1));
        ModuleTest.Net b = new ModuleTest.Net(new Rng(2));
        try (var s = GradMode.noGrad()) {
            a.steps.fill_(17);
        }
        b.loadStateDict(a.stateDict(), true);
        assertEquals(17L, b.steps.itemLong());
    }

    @Test
    void copyIsDeepAndIndependent() {
        ModuleTest.Net online = new ModuleTest.Net(new Rng(4));
        online.eval();
        List<String> calls = new java.util.ArrayList<>();
        online.registerForwardHook((m, in, out) -> {
            calls.add("hook");
            return null;
        });
        ModuleTest.Net target = (ModuleTest.Net) online.copy();

        assertEquals(List.copyOf(online.namedParameters().keySet()), List.copyOf(target.namedParameters().keySet()));
        for (Map.Entry<String, Tensor> e : online.namedParameters().entrySet()) {
            Tensor t = target.namedParameters().get(e.getKey());
            assertNotSame(e.getValue(), t, e.getKey());
            assertNotSame(e.getValue().storage(), t.storage(), e.getKey());
            assertTrue(t.requiresGrad() && t.isLeaf(), e.getKey());
            assertArrayEquals(e.getValue().toDoubleArray(), t.toDoubleArray(), e.getKey());
        }
        // Subclass fields point into the copy's own tree.
        assertSame(target.namedChildren().get("actor"), target.actor);
        assertSame(target.namedParameters().get("logAlpha"), target.logAlpha);
        assertSame(target.namedBuffers().get("steps"), target.steps);
        assertSame(target.heads.get("mean"), target.namedModules().get("heads.mean"));
        assertSame(target.namedParameters().get("heads.mean.weight"), target.heads.get("mean").weight());
        assertFalse(target.isTraining(), "training mode is copied");

        Tensor x = Tensor.randn(new Rng(5), 2, 3);
        float[] before = target.call(x).toFloatArray();
        assertEquals(List.of("hook"), calls, "hooks are copied");
        try (var s = GradMode.noGrad()) {
            for (Tensor p : online.parameters()) {
                p.addi(1.0);
            }
        }
        assertArrayEquals(before, target.call(x).toFloatArray(), "updating the online net leaves the copy alone");
        online.call(x).sumAll().backward();
        assertTrue(target.parameters().stream().allMatch(p -> p.grad() == null), "gradients do not flow to copy");
    }

    @Test
    void copyKeepsSharingInsideTheTree() {
        Linear shared = new Linear(2, 2, new Rng(1));
        Sequential s = new Sequential(shared, new Tanh(), shared);
        Sequential c = s.copy();
        assertSame(c.get(0), c.get(2));
        assertNotSame(shared, c.get(0));
        Linear lc = (Linear) c.get(0);
        assertSame(lc.weight(), lc.parameters().get(0));
    }
}
