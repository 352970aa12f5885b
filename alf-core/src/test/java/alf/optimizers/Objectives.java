package alf.optimizers;

import alf.tensor.Tensor;
import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The objective functions of {@code optim_trajectories.json}, written with differentiable tensor ops so autograd
 * produces the gradients the optimizers consume.
 */
final class Objectives {

    private Objectives() {
    }

    /** The loss of objective {@code name} at {@code p} (a 0-d tensor of p's dtype), per the file's formulas. */
    static Tensor loss(JsonNode objectives, String name, Tensor p) {
        JsonNode constants = objectives.get(name).get("constants");
        return switch (name) {
            // f(p) = (1 − p0)² + 100·(p1 − p0²)²
            case "rosenbrock" -> {
                Tensor p0 = p.select(0, 0);
                Tensor p1 = p.select(0, 1);
                yield p0.rsub(1.0).square().add(p1.sub(p0.square()).square().mul(100.0));
            }
            // f(W) = mean((A @ W − B)²)
            case "least_squares" -> {
                Tensor a = Conformance.tensor(constants.get("A")).to(p.dtype());
                Tensor b = Conformance.tensor(constants.get("B")).to(p.dtype());
                yield a.matmul(p).sub(b).square().meanAll();
            }
            // f(p) = 0.5·Σ c·p²
            case "small_gradient_quadratic" -> {
                Tensor c = Conformance.tensor(constants.get("c")).to(p.dtype());
                yield c.mul(p.square()).sumAll().mul(0.5);
            }
            default -> throw new IllegalArgumentException("unknown objective '" + name + "'");
        };
    }
}
