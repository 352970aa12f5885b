package alf.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The backward engine of the define-by-run graph: {@link #backward} accumulates gradients into leaves' {@code .grad};
 * {@link #grad} returns gradients of chosen inputs without touching any {@code .grad}.
 *
 * <p>Order: nodes run once all the gradient contributions they receive are in (dependency counting), later-created
 * nodes first among those ready, so the order is deterministic. Gradients arriving in a broadcast shape are summed
 * back to the input's shape and cast to its dtype. Without {@code retainGraph} the saved tensors of every node
 * reached are freed, and a second backward through them is an error.
 */
public final class Autograd {
    private Autograd() {
    }

    /** Where the gradient of {@code t} goes: its node, its leaf accumulator, or null if it needs none. */
    static Node edgeOf(Tensor t) {
        if (t.gradFn() != null) {
            return t.gradFn();
        }
        if (t.requiresGrad()) {
            return t.gradAccumulator();
        }
        return null;
    }

    /** Creates the accumulator node of a leaf (called once per leaf by {@link Tensor#gradAccumulator()}). */
    public static Node newAccumulator(Tensor leaf) {
        if (!leaf.isLeaf()) {
            throw new IllegalStateException("only leaves have gradient accumulators");
        }
        return new AccumulateGrad(leaf);
    }

    /** Makes backward store the gradient of the non-leaf {@code t} in its {@code .grad}. */
    public static void retainGrad(Tensor t) {
        t.gradFn().retainGradFor(t);
    }

    /** True when an op on these inputs must be recorded: grad mode is on and some input requires grad. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records {@code out = op(inputs)}: saves {@code saved} (version-checked at backward) and attaches the backward
     * formula as {@code out}'s grad_fn. Call only when {@link #needsGrad} is true.
     */
    public static Tensor record(Tensor out, String name, Tensor[] inputs, Tensor[] saved, BackwardFunction f) {
        Node node = new Node(name, inputs);
        for (Tensor s : saved) {
            node.save(s);
        }
        node.backward(f);
        out.setGradFn(node);
        return out;
    }

    /** {@code outputs[i].backward(grads[i])} for all i at once. */
    public static void backward(Tensor[] outputs, Tensor[] grads, boolean retainGraph, boolean createGraph) {
        run(outputs, grads, retainGraph, createGraph, null, false);
    }

    /**
     * Gradients of the sum of {@code outputs[i]·gradOutputs[i]} with respect to each of {@code inputs}, leaving
     * every {@code .grad} untouched (torch.autograd.grad). An input the outputs do not depend on is an error unless
     * {@code allowUnused}, then its gradient is null. With {@code createGraph} the returned gradients are themselves
     * differentiable (higher-order derivatives).
     */
    public static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph,
            boolean createGraph, boolean allowUnused) {
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + i + " does not require grad");
            }
        }
        Tensor[] result = run(outputs, gradOutputs, retainGraph, createGraph, inputs, allowUnused);
        return result;
    }

    /** Shorthand for {@code grad(new Tensor[]{output}, inputs, null, false, false, false)} on a scalar output. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(new Tensor[] {output}, inputs, null, false, false, false);
    }

    private static Tensor[] run(Tensor[] outputs, Tensor[] grads, boolean retainGraph, boolean createGraph,
            Tensor[] captureInputs, boolean allowUnused) {
        Map<Node, Tensor> buffers = new IdentityHashMap<>();
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            Tensor out = outputs[i];
            Node root = edgeOf(out);
            if (root == null) {
                throw new IllegalStateException("element " + i + " of the tensors passed to backward does not "
                        + "require grad and has no grad_fn (shape " + Arrays.toString(out.shape()) + ")");
            }
            Tensor g = grads == null ? null : grads[i];
            if (g == null) {
                if (out.numel() != 1) {
                    throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs; "
                            + "output " + i + " has shape " + Arrays.toString(out.shape())
                            + " (pass an explicit gradient)");
                }
                g = Tensor.onesLike(out);
            } else if (!Arrays.equals(g.shape(), out.shape())) {
                throw new IllegalArgumentException("backward: gradient of shape " + Arrays.toString(g.shape())
                        + " does not match output " + i + " of shape " + Arrays.toString(out.shape()));
            }
            buffers.merge(root, g, Tensor::add);
            if (!roots.contains(root)) {
                roots.add(root);
            }
        }
        // capture targets: the node whose incoming gradient is the gradient of each input
        Map<Node, Integer> capture = new IdentityHashMap<>();
        if (captureInputs != null) {
            for (int i = 0; i < captureInputs.length; i++) {
                capture.put(edgeOf(captureInputs[i]), i);
            }
        }
        Tensor[] captured = captureInputs == null ? null : new Tensor[captureInputs.length];

        // dependency counts over the reachable graph
        Map<Node, Integer> deps = new IdentityHashMap<>();
        Deque<Node> stack = new ArrayDeque<>(roots);
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        for (Node r : roots) {
            seen.put(r, Boolean.TRUE);
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node m : n.next()) {
                if (m == null) {
                    continue;
                }
                deps.merge(m, 1, Integer::sum);
                if (seen.put(m, Boolean.TRUE) == null) {
                    stack.push(m);
                }
            }
        }
        // with grad(): only nodes from which a captured input can be reached need their input gradients
        Map<Node, Boolean> needed = captureInputs == null ? null : neededNodes(seen.keySet(), capture.keySet());
        PriorityQueue<Node> ready = new PriorityQueue<>(
                Comparator.comparingLong(Node::sequenceNumber).reversed());
        for (Node r : roots) {
            if (deps.getOrDefault(r, 0) == 0) {
                ready.add(r);
            }
        }
        List<Node> executed = new ArrayList<>();
        try (GradMode.Scope scope = GradMode.set(createGraph)) {
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor g = buffers.remove(node);
                Integer ci = capture.get(node);
                if (ci != null) {
                    captured[ci] = g;
                }
                if (node instanceof AccumulateGrad acc) {
                    if (captureInputs == null && g != null) {
                        acc.leaf().accumulateGrad(createGraph ? g : g.detach());
                    }
                    continue;
                }
                if (g != null) {
                    for (Tensor t : node.retainedGradTensors()) {
                        t.accumulateGrad(createGraph ? g : g.detach());
                    }
                }
                Node[] next = node.next();
                boolean[] mask = new boolean[next.length];
                boolean any = false;
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = next[i] != null && (needed == null || needed.containsKey(next[i]));
                    any |= mask[i];
                }
                Tensor[] inGrads;
                if (g == null || !any) {
                    // nothing below this node is wanted (e.g. it is the node of a requested input under grad())
                    inGrads = new Tensor[next.length];
                } else {
                    Boolean[] previous = NEEDS_INPUT_GRAD.get();
                    NEEDS_INPUT_GRAD.set(box(mask));
                    try {
                        inGrads = node.apply(g);
                    } finally {
                        NEEDS_INPUT_GRAD.set(previous);
                    }
                    executed.add(node);
                }
                for (int i = 0; i < next.length; i++) {
                    Node m = next[i];
                    if (m == null) {
                        continue;
                    }
                    Tensor gi = inGrads[i];
                    if (gi != null) {
                        gi = conform(gi, node.inputShape(i), node.inputDtype(i));
                        buffers.merge(m, gi, Tensor::add);
                    }
                    int left = deps.merge(m, -1, Integer::sum);
                    if (left == 0) {
                        ready.add(m);
                    }
                }
            }
        } finally {
            if (!retainGraph) {
                // free what this pass used; under grad(), nodes it skipped stay usable (as in PyTorch)
                for (Node n : needed == null ? seen.keySet() : executed) {
                    n.release();
                }
            }
        }
        if (captured != null && !allowUnused) {
            for (int i = 0; i < captured.length; i++) {
                if (captured[i] == null) {
                    throw new IllegalArgumentException("grad: input " + i + " (shape "
                            + Arrays.toString(captureInputs[i].shape()) + ") is not used in the graph of the outputs;"
                            + " pass allowUnused = true to get null for it");
                }
            }
        }
        return captured;
    }

    private static final ThreadLocal<Boolean[]> NEEDS_INPUT_GRAD = new ThreadLocal<>();

    private static Boolean[] box(boolean[] mask) {
        Boolean[] b = new Boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            b[i] = mask[i];
        }
        return b;
    }

    /**
     * Inside a backward formula: whether input {@code i}'s gradient is needed by this backward pass (PyTorch's
     * {@code needs_input_grad}). False for inputs that need no grad and, under {@link #grad}, for inputs from which
     * none of the requested inputs can be reached, so expensive formulas (matrix products) can skip them. Outside a
     * backward pass it is true.
     */
    public static boolean needsInputGrad(int i) {
        Boolean[] mask = NEEDS_INPUT_GRAD.get();
        return mask == null || (i < mask.length && mask[i]);
    }

    /** The nodes among {@code all} from which one of {@code targets} can be reached (targets included). */
    private static Map<Node, Boolean> neededNodes(java.util.Set<Node> all, java.util.Set<Node> targets) {
        Map<Node, Boolean> needed = new IdentityHashMap<>();
        Map<Node, Boolean> visited = new IdentityHashMap<>();
        for (Node n : all) {
            markNeeded(n, targets, needed, visited);
        }
        return needed;
    }

    private static boolean markNeeded(Node start, java.util.Set<Node> targets, Map<Node, Boolean> needed,
            Map<Node, Boolean> visited) {
        // iterative post-order DFS (graphs can be deep: no recursion)
        Deque<Node> stack = new ArrayDeque<>();
        Deque<Integer> child = new ArrayDeque<>();
        if (visited.containsKey(start)) {
            return needed.containsKey(start);
        }
        stack.push(start);
        child.push(0);
        visited.put(start, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Node n = stack.peek();
            int i = child.pop();
            Node[] next = n.next();
            if (i < next.length) {
                child.push(i + 1);
                Node m = next[i];
                if (m != null && !visited.containsKey(m)) {
                    visited.put(m, Boolean.TRUE);
                    stack.push(m);
                    child.push(0);
                }
                continue;
            }
            stack.pop();
            boolean need = targets.contains(n);
            for (Node m : next) {
                if (m != null && needed.containsKey(m)) {
                    need = true;
                    break;
                }
            }
            if (need) {
                needed.put(n, Boolean.TRUE);
            }
        }
        return needed.containsKey(start);
    }

    /** Sums a broadcast gradient back to the input's shape and casts it to the input's dtype. */
    private static Tensor conform(Tensor g, int[] shape, alf.tensor.DType dtype) {
        Tensor r = g;
        if (!Arrays.equals(r.shape(), shape)) {
            r = r.sumToShape(shape);
        }
        if (r.dtype() != dtype) {
            r = r.to(dtype);
        }
        return r;
    }
}
