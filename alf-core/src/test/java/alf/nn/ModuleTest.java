package alf.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    /** An actor-critic shaped tree: own parameter, a buffer, nested children. */
    static final class Net extends Module {
        final Tensor logAlpha;
        final Tensor steps;
        final Sequential actor;
        final ModuleDict<Linear> heads;

        Net(Rng rng) {
            logAlpha = registerParameter("logAlpha", Tensor.zeros(1));
            steps = registerBuffer("steps", Tensor.scalar(0L));
            actor = registerModule("actor", new Sequential(new Linear(3, 4, rng), new ReLU(), new Linear(4, 2, rng)));
            LinkedHashMap<String, Linear> h = new LinkedHashMap<>();
            h.put("mean", new Linear(2, 1, rng));
            h.put("std", new Linear(2, 1, false, rng));
            heads = registerModule("heads", new ModuleDict<>(h));
        }

        @Override
        public Tensor forward(Tensor x) {
            return heads.get("mean").call(actor.call(x));
        }
    }

    /** The PyTorch pitfall: modules held in a plain list are invisible to the owner. */
    static final class PlainListNet extends Module {
        final List<Linear> hidden = new ArrayList<>();
        final ModuleList<Linear> registered;

        PlainListNet(Rng rng) {
            hidden.add(new Linear(2, 2, rng));
            registered = registerModule("registered", new ModuleList<>(new Linear(2, 3, rng)));
        }
    }

    @Test
    void namedParametersAreDottedAndDepthFirstInRegistrationOrder() {
        Net net = new Net(new Rng(1));
        assertEquals(List.of("logAlpha", "actor.0.weight", "actor.0.bias", "actor.2.weight", "actor.2.bias",
                "heads.mean.weight", "heads.mean.bias", "heads.std.weight"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(List.of("steps"), List.copyOf(net.namedBuffers().keySet()));
        List<Tensor> params = net.parameters();
        assertEquals(8, params.size());
        assertSame(net.logAlpha, params.get(0));
        assertSame(((Linear) net.actor.get(0)).weight(), params.get(1));
        assertTrue(params.stream().allMatch(p -> p.requiresGrad() && p.isLeaf()));
        assertEquals(1 + 12 + 4 + 8 + 2 + 2 + 1 + 2, net.numParameters());
        assertEquals(List.of("", "actor", "actor.0", "actor.1", "actor.2", "heads", "heads.mean", "heads.std"),
                List.copyOf(net.namedModules().keySet()));
        assertEquals(List.of("actor", "heads"), List.copyOf(net.namedChildren().keySet()));
    }

    @Test
    void sharedParameterIsListedOnceInParametersButUnderEveryNameInStateDict() {
        Linear shared = new Linear(2, 2, new Rng(2));
        Sequential s = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.namedParameters().keySet()));
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.stateDict().keySet()));
        // The same module under two names is one module: PyTorch also visits it once.
        assertEquals(List.of("", "0", "1"), List.copyOf(s.namedModules().keySet()));
    }

    @Test
    void moduleInPlainListIsNotRegisteredButModuleListIs() {
        PlainListNet net = new PlainListNet(new Rng(3));
        Map<String, Tensor> named = net.namedParameters();
        assertEquals(List.of("registered.0.weight", "registered.0.bias"), List.copyOf(named.keySet()));
        for (Tensor p : net.hidden.get(0).parameters()) {
            assertFalse(net.parameters().contains(p), "a module in a plain List field must not be registered");
        }
        assertFalse(net.stateDict().keySet().stream().anyMatch(k -> k.startsWith("hidden")));
        net.eval();
        assertTrue(net.hidden.get(0).isTraining(), "eval() does not reach modules in plain fields");
        assertFalse(net.registered.get(0).isTraining());
    }

    @Test
    void moduleListAndDictBehaveLikeCollections() {
        Rng rng = new Rng(4);
        ModuleList<Linear> list = new ModuleList<>(new Linear(1, 2, rng), new Linear(2, 3, rng));
        list.add(new Linear(3, 4, rng));
        assertEquals(3, list.size());
        assertEquals(4, list.get(-1).outFeatures());
        assertEquals(List.of(2, 3, 4), list.asList().stream().map(Linear::outFeatures).toList());
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
        UnsupportedOperationException noForward = assertThrows(UnsupportedOperationException.class,
                () -> list.call(Tensor.zeros(1)));
        assertTrue(noForward.getMessage().contains("ModuleList"), noForward.getMessage());

        ModuleDict<Module> dict = new ModuleDict<>();
        dict.put("b", new ReLU()).put("a", new Linear(2, 2, rng));
        Linear replacement = new Linear(2, 5, rng);
        dict.put("b", replacement);
        assertEquals(List.of("b", "a"), List.copyOf(dict.keys()), "replacing keeps the position");
        assertSame(replacement, dict.get("b"));
        assertEquals(List.of("b.weight", "b.bias", "a.weight", "a.bias"),
                List.copyOf(dict.namedParameters().keySet()));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> dict.get("c"));
        assertTrue(missing.getMessage().contains("'c'") && missing.getMessage().contains("[b, a]"));
    }

    @Test
    void registrationRejectsBadNamesAndValues() {
        class Bad extends Module {
            void reg(String name, Tensor t) {
                registerParameter(name, t);
            }

            void buf(String name, Tensor t) {
                registerBuffer(name, t);
            }

            void mod(String name, Module m) {
                registerModule(name, m);
            }
        }
        Bad b = new Bad();
        b.reg("w", Tensor.zeros(2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.reg("a.b", Tensor.zeros(1)))
                .getMessage().contains("'a.b'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.buf("w", Tensor.zeros(1)))
                .getMessage().contains("already taken by a parameter"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.reg("i", Tensor.zeros(DType.INT64, 2)))
                .getMessage().contains("int64"));
        Tensor nonLeaf = Tensor.zeros(2).setRequiresGrad(true).mul(2.0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.reg("n", nonLeaf))
                .getMessage().contains("leaf"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> b.buf("g", Tensor.zeros(1).setRequiresGrad(true))).getMessage().contains("require grad"));
        assertThrows(IllegalArgumentException.class, () -> b.reg("", Tensor.zeros(1)));
        Sequential outer = new Sequential(new ReLU());
        Sequential inner = new Sequential(outer);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> outer.append(inner))
                .getMessage().contains("cyclic"));
        assertThrows(IllegalArgumentException.class, () -> outer.append(outer));
    }

    @Test
    void parameterOfSharesStorageAndRequiresGrad() {
        Tensor data = Tensor.of(new float[] {1, 2});
        Tensor p = Parameter.of(data);
        assertTrue(p.requiresGrad() && p.isLeaf());
        assertFalse(data.requiresGrad());
        assertSame(data.storage(), p.storage());
        assertThrows(IllegalArgumentException.class, () -> Parameter.of(Tensor.of(new long[] {1})));
        assertEquals(DType.FLOAT64, Parameter.zeros(DType.FLOAT64, 2, 3).dtype());
    }

    @Test
    void trainAndEvalPropagateToEveryDescendant() {
        Net net = new Net(new Rng(5));
        assertTrue(net.modules().stream().allMatch(Module::isTraining));
        assertSame(net, net.eval());
        assertTrue(net.modules().stream().noneMatch(Module::isTraining));
        net.actor.train();
        assertTrue(net.actor.modules().stream().allMatch(Module::isTraining));
        assertFalse(net.isTraining());
        assertFalse(net.heads.get("mean").isTraining());
        net.train(true);
        assertTrue(net.modules().stream().allMatch(Module::isTraining));
    }

    @Test
    void zeroGradClearsEveryParameterGradient() {
        Net net = new Net(new Rng(6));
        net.call(Tensor.ones(2, 3)).sumAll().add(net.logAlpha.sumAll()).backward();
        long withGrad = net.parameters().stream().filter(p -> p.grad() != null).count();
        assertEquals(7, withGrad, "all but the unused 'std' head receive a gradient");
        net.zeroGrad();
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() == null));
    }

    @Test
    void forwardHooksSeeInputsAndOutputAndCanReplaceThem() {
        Linear lin = new Linear(2, 2, new Rng(7));
        List<String> seen = new ArrayList<>();
        HookHandle post = lin.registerForwardHook((m, in, out) -> {
            seen.add("post " + in.size() + " " + java.util.Arrays.toString(out.shape()));
            return out.mul(0.0);
        });
        HookHandle pre = lin.registerForwardPreHook((m, in) -> {
            seen.add("pre");
            return List.of(in.get(0).mul(2.0));
        });
        Tensor x = Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 2);
        Tensor y = lin.call(x);
        assertEquals(List.of("pre", "post 1 [2, 2]"), seen, "pre-hooks run before forward, hooks after");
        assertEquals(0.0, y.abs().sumAll().item(), 0.0, "post hook replaced the output");
        post.close();
        seen.clear();
        Tensor doubled = lin.call(x);
        Tensor expected = lin.forward(x.mul(2.0));
        assertEquals(List.of("pre"), seen);
        assertEquals(0.0, doubled.sub(expected).abs().maxAll().item(), 0.0, "pre hook doubled the input");
        pre.remove();
        pre.close();
        assertEquals(0.0, lin.call(x).sub(lin.forward(x)).abs().maxAll().item(), 0.0);
    }

    @Test
    void hooksOnChildrenFireInsideSequential() {
        Sequential s = new Sequential(new Linear(2, 3, new Rng(8)), new Tanh());
        List<int[]> shapes = new ArrayList<>();
        s.get(1).registerForwardHook((m, in, out) -> {
            shapes.add(out.shape());
            return null;
        });
        s.call(Tensor.zeros(4, 2));
        assertEquals(1, shapes.size());
        assertEquals(List.of(4, 3), java.util.Arrays.stream(shapes.get(0)).boxed().toList());
    }

    @Test
    void multiInputModulesOverrideForwardInputs() {
        class Critic extends Module {
            final Linear fc;

            Critic(Rng rng) {
                fc = registerModule("fc", new Linear(3, 1, rng));
            }

            @Override
            protected Tensor forwardInputs(Tensor[] in) {
                return fc.call(Tensor.cat(List.of(in[0], in[1]), -1));
            }
        }
        Critic c = new Critic(new Rng(9));
        Tensor q = c.call(Tensor.zeros(5, 2), Tensor.ones(5, 1));
        assertEquals(List.of(5, 1), java.util.Arrays.stream(q.shape()).boxed().toList());
        Linear single = new Linear(2, 1, new Rng(9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> single.call(Tensor.zeros(2), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("takes 1 input, got 2"), e.getMessage());
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                () -> new ModuleDict<>().forward(Tensor.zeros(1)));
        assertTrue(u.getMessage().contains("ModuleDict"));
    }

    @Test
    void toStringShowsTheTree() {
        Sequential s = MLP.builder(3).hidden(4).output(2).build(new Rng(10));
        String text = s.toString();
        assertTrue(text.startsWith("Sequential(\n  (0): Linear(in=3, out=4, bias=true, dtype=float32)\n"
                + "  (1): ReLU()\n"), text);
        assertNotNull(text);
        assertNull(new Linear(1, 1, false, new Rng(1)).bias());
    }
}
