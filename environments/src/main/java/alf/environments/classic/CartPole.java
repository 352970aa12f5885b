package alf.environments.classic;

import alf.data.BoundedTensorSpec;
import alf.environments.simulator.ActionChecks;
import alf.environments.simulator.StatefulSimulator;
import alf.tensor.DType;
import alf.tensor.Rng;

/**
 * Port of Gymnasium 1.4.0 {@code CartPole-v1} (classic_control/cartpole.py; Barto, Sutton and Anderson
 * 1983): balance a pole on a cart by pushing it left (action 0) or right (action 1) with 10 N. State
 * (x, ẋ, θ, θ̇) in float64, observation its float32 copy; terminated when |x| &gt; 2.4 or |θ| &gt; 12°;
 * reward 1 on every step, the terminating one included; the registry adds a 500-step time limit.
 *
 * <p>Dynamics (Florian 2007, as in the reference): temp = (F + m_p l θ̇² sin θ)/M;
 * θ̈ = (g sin θ − cos θ·temp) / (l (4/3 − m_p cos²θ / M)); ẍ = temp − m_p l θ̈ cos θ / M;
 * explicit Euler with τ = 0.02 using the old velocities. Reset draws every state component from U(-0.05, 0.05).
 */
public final class CartPole implements StatefulSimulator {

    /** Gymnasium registry id. */
    public static final String ID = "CartPole-v1";
    /** Time limit of the registered task. */
    public static final int MAX_EPISODE_STEPS = 500;
    /** Number of discrete actions. */
    public static final int NUM_ACTIONS = 2;
    private static final double GRAVITY = 9.8;
    private static final double MASS_CART = 1.0;
    private static final double MASS_POLE = 0.1;
    private static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    private static final double LENGTH = 0.5; // half the pole's length
    private static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    private static final double FORCE_MAG = 10.0;
    private static final double TAU = 0.02;
    /** Angle at which the episode terminates: 12 degrees, computed as the reference does. */
    public static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    /** Cart position at which the episode terminates. */
    public static final double X_THRESHOLD = 2.4;

    private static final BoundedTensorSpec OBSERVATION_SPEC = new BoundedTensorSpec(new int[] {4}, DType.FLOAT32,
            "observation",
            new double[] {(float) (-X_THRESHOLD * 2), Double.NEGATIVE_INFINITY,
                (float) (-THETA_THRESHOLD_RADIANS * 2), Double.NEGATIVE_INFINITY},
            new double[] {(float) (X_THRESHOLD * 2), Double.POSITIVE_INFINITY,
                (float) (THETA_THRESHOLD_RADIANS * 2), Double.POSITIVE_INFINITY});
    private static final BoundedTensorSpec ACTION_SPEC =
            BoundedTensorSpec.uniform(new int[0], DType.INT64, "action", 0, NUM_ACTIONS - 1);

    private double x;
    private double xDot;
    private double theta;
    private double thetaDot;
    private boolean terminated;
    private double reward;

    @Override
    public String name() {
        return ID;
    }

    @Override
    public BoundedTensorSpec observationSpec() {
        return OBSERVATION_SPEC;
    }

    @Override
    public BoundedTensorSpec actionSpec() {
        return ACTION_SPEC;
    }

    @Override
    public void checkAction(double[] action) {
        ActionChecks.requireDiscrete(ID, action, NUM_ACTIONS);
    }

    @Override
    public void reset(Rng rng) {
        x = Uniform.sample(rng, -0.05, 0.05);
        xDot = Uniform.sample(rng, -0.05, 0.05);
        theta = Uniform.sample(rng, -0.05, 0.05);
        thetaDot = Uniform.sample(rng, -0.05, 0.05);
        terminated = false;
        reward = 0.0;
    }

    @Override
    public void step(double[] action) {
        int a = ActionChecks.requireDiscrete(ID, action, NUM_ACTIONS);
        double force = a == 1 ? FORCE_MAG : -FORCE_MAG;
        double cosTheta = StrictMath.cos(theta);
        double sinTheta = StrictMath.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sinTheta) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sinTheta - cosTheta * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cosTheta * cosTheta) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cosTheta / TOTAL_MASS;
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;
        terminated = x < -X_THRESHOLD || x > X_THRESHOLD
                || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
        reward = 1.0;
    }

    @Override
    public double reward() {
        return reward;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void observe(double[] out, int offset) {
        out[offset] = x;
        out[offset + 1] = xDot;
        out[offset + 2] = theta;
        out[offset + 3] = thetaDot;
    }

    /** The state (x, ẋ, θ, θ̇). */
    @Override
    public double[] state() {
        return new double[] {x, xDot, theta, thetaDot};
    }

    /** Replaces the state (for tests and checkpoints); components must be finite. */
    @Override
    public void setState(double[] state) {
        StateChecks.requireFinite(ID, state, 4);
        x = state[0];
        xDot = state[1];
        theta = state[2];
        thetaDot = state[3];
        terminated = false;
    }
}
