package alf.optimizers;

import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;

/**
 * An independent reference for the update rules: plain {@code double} loops written from the formulas in
 * {@code optim_trajectories.json}'s {@code update_rules}, with the analytic gradients of its {@code objectives}.
 * The tests first check it against the recorded PyTorch runs, then use it for the variants the file does not
 * record (AdamW, SGD with plain momentum, dampening and weight decay).
 */
final class ScalarReference {

    private ScalarReference() {
    }

    /** The analytic gradient of objective {@code name} (the file's {@code gradient} field). */
    static UnaryOperator<double[]> gradient(JsonNode objectives, String name) {
        JsonNode constants = objectives.get(name).get("constants");
        return switch (name) {
            case "rosenbrock" -> p -> new double[] {
                -2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]), 200 * (p[1] - p[0] * p[0])};
            case "least_squares" -> {
                double[] a = Conformance.numbers(constants.get("A").get("data"));
                double[] b = Conformance.numbers(constants.get("B").get("data"));
                yield w -> {
                    double[] r = new double[8 * 3];
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 3; j++) {
                            double s = 0;
                            for (int k = 0; k < 5; k++) {
                                s += a[i * 5 + k] * w[k * 3 + j];
                            }
                            r[i * 3 + j] = s - b[i * 3 + j];
                        }
                    }
                    double[] g = new double[5 * 3];
                    for (int k = 0; k < 5; k++) {
                        for (int j = 0; j < 3; j++) {
                            double s = 0;
                            for (int i = 0; i < 8; i++) {
                                s += a[i * 5 + k] * r[i * 3 + j];
                            }
                            g[k * 3 + j] = (2.0 / 24) * s;
                        }
                    }
                    return g;
                };
            }
            case "small_gradient_quadratic" -> {
                double[] c = Conformance.numbers(constants.get("c").get("data"));
                yield p -> {
                    double[] g = new double[p.length];
                    for (int i = 0; i < p.length; i++) {
                        g[i] = c[i] * p[i];
                    }
                    return g;
                };
            }
            default -> throw new IllegalArgumentException("unknown objective " + name);
        };
    }

    /**
     * Adam / AdamW trajectory: {@code decoupled} selects AdamW's {@code p ← p·(1 − lr·wd)} instead of the L2 term.
     * Returns the parameters after each step.
     */
    static double[][] adam(double[] p0, UnaryOperator<double[]> grad, int steps, double lr, double beta1,
                           double beta2, double eps, double weightDecay, boolean amsgrad, boolean decoupled) {
        int n = p0.length;
        double[] p = p0.clone();
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        double[][] out = new double[steps][];
        for (int t = 1; t <= steps; t++) {
            double[] g = grad.apply(p);
            double bc1 = 1 - Math.pow(beta1, t);
            double bc2 = 1 - Math.pow(beta2, t);
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                if (decoupled) {
                    p[i] = p[i] * (1 - lr * weightDecay);
                } else if (weightDecay != 0) {
                    gi = gi + weightDecay * p[i];
                }
                m[i] = m[i] * beta1 + (1 - beta1) * gi;
                v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
                double second = v[i];
                if (amsgrad) {
                    vmax[i] = Math.max(vmax[i], v[i]);
                    second = vmax[i];
                }
                double denom = Math.sqrt(second) / Math.sqrt(bc2) + eps;
                p[i] = p[i] - (lr / bc1) * m[i] / denom;
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    /**
     * TensorFlow-style Adam (the file's {@code AdamTF} rule): lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ); m ← β₁m + (1 − β₁)g;
     * v ← β₂v + (1 − β₂)g²; p ← p − lr_t·m/(√v + ε̂).
     */
    static double[][] adamTf(double[] p0, UnaryOperator<double[]> grad, int steps, double lr, double beta1,
                             double beta2, double epsHat) {
        int n = p0.length;
        double[] p = p0.clone();
        double[] m = new double[n];
        double[] v = new double[n];
        double[][] out = new double[steps][];
        for (int t = 1; t <= steps; t++) {
            double[] g = grad.apply(p);
            double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            for (int i = 0; i < n; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                p[i] = p[i] - lrT * m[i] / (Math.sqrt(v[i]) + epsHat);
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    /** SGD trajectory with momentum, dampening, Nesterov and L2 weight decay. */
    static double[][] sgd(double[] p0, UnaryOperator<double[]> grad, int steps, double lr, double momentum,
                          double dampening, boolean nesterov, double weightDecay) {
        int n = p0.length;
        double[] p = p0.clone();
        double[] buf = new double[n];
        double[][] out = new double[steps][];
        for (int t = 1; t <= steps; t++) {
            double[] g = grad.apply(p);
            for (int i = 0; i < n; i++) {
                double d = g[i] + weightDecay * p[i];
                if (momentum != 0) {
                    buf[i] = t == 1 ? d : momentum * buf[i] + (1 - dampening) * d;
                    d = nesterov ? d + momentum * buf[i] : buf[i];
                }
                p[i] = p[i] - lr * d;
            }
            out[t - 1] = p.clone();
        }
        return out;
    }
}
