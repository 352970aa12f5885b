package alf.environments.classic;

import alf.data.BoundedTensorSpec;
import alf.environments.simulator.ActionChecks;
import alf.environments.simulator.StatefulSimulator;
import alf.tensor.DType;
import alf.tensor.Rng;

/**
 * Port of Gymnasium 1.4.0 {@code Acrobot-v1} (classic_control/acrobot.py, "book" dynamics of Sutton and
 * Barto, <i>Reinforcement Learning: An Introduction</i>, 1998, §11.3): a two-link pendulum actuated at the
 * joint between the links by a torque of -1, 0 or +1 (actions 0, 1, 2). State (θ1, θ2, θ̇1, θ̇2) in float64;
 * observation float32 (cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2); terminated when the tip rises above the
 * bar, −cos θ1 − cos(θ1 + θ2) &gt; 1; reward −1 per step, 0 on the terminating step; the registry adds a
 * 500-step time limit.
 *
 * <p>One step is a single classical Runge–Kutta-4 step over dt = 0.2 of the equations of motion in
 * {@link #derivatives} with the torque held constant, then θ1, θ2 are wrapped into [-π, π] by repeated
 * ±2π and θ̇1, θ̇2 clipped to ±4π and ±9π. Torque noise is 0 as in the reference. Reset draws every state
 * component from U(-0.1, 0.1).
 */
public final class Acrobot implements StatefulSimulator {

    /** Gymnasium registry id. */
    public static final String ID = "Acrobot-v1";
    /** Time limit of the registered task. */
    public static final int MAX_EPISODE_STEPS = 500;
    /** Number of discrete actions. */
    public static final int NUM_ACTIONS = 3;
    /** Integration interval in seconds. */
    public static final double DT = 0.2;
    /** Bound of θ̇1. */
    public static final double MAX_VEL_1 = 4 * Math.PI;
    /** Bound of θ̇2. */
    public static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double[] AVAILABLE_TORQUE = {-1.0, 0.0, 1.0};
    private static final double LINK_LENGTH_1 = 1.0;
    private static final double LINK_MASS_1 = 1.0;
    private static final double LINK_MASS_2 = 1.0;
    private static final double LINK_COM_POS_1 = 0.5;
    private static final double LINK_COM_POS_2 = 0.5;
    private static final double LINK_MOI = 1.0;
    private static final double GRAVITY = 9.8;

    private static final BoundedTensorSpec OBSERVATION_SPEC = new BoundedTensorSpec(new int[] {6}, DType.FLOAT32,
            "observation", new double[] {-1, -1, -1, -1, (float) -MAX_VEL_1, (float) -MAX_VEL_2},
            new double[] {1, 1, 1, 1, (float) MAX_VEL_1, (float) MAX_VEL_2});
    private static final BoundedTensorSpec ACTION_SPEC =
            BoundedTensorSpec.uniform(new int[0], DType.INT64, "action", 0, NUM_ACTIONS - 1);

    private final double[] state = new double[4];
    // RK4 scratch space, so that stepping allocates nothing.
    private final double[] k1 = new double[4];
    private final double[] k2 = new double[4];
    private final double[] k3 = new double[4];
    private final double[] k4 = new double[4];
    private final double[] probe = new double[4];
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
        for (int i = 0; i < 4; i++) {
            state[i] = Uniform.sample(rng, -0.1, 0.1);
        }
        terminated = false;
        reward = 0.0;
    }

    @Override
    public void step(double[] action) {
        double torque = AVAILABLE_TORQUE[ActionChecks.requireDiscrete(ID, action, NUM_ACTIONS)];
        // y1 = y0 + dt/6 (k1 + 2 k2 + 2 k3 + k4), k2 = f(y0 + dt/2 k1), k3 = f(y0 + dt/2 k2), k4 = f(y0 + dt k3)
        double halfDt = DT / 2.0;
        derivatives(state, torque, k1);
        for (int i = 0; i < 4; i++) {
            probe[i] = state[i] + halfDt * k1[i];
        }
        derivatives(probe, torque, k2);
        for (int i = 0; i < 4; i++) {
            probe[i] = state[i] + halfDt * k2[i];
        }
        derivatives(probe, torque, k3);
        for (int i = 0; i < 4; i++) {
            probe[i] = state[i] + DT * k3[i];
        }
        derivatives(probe, torque, k4);
        for (int i = 0; i < 4; i++) {
            state[i] = state[i] + DT / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        state[0] = wrap(state[0], -Math.PI, Math.PI);
        state[1] = wrap(state[1], -Math.PI, Math.PI);
        state[2] = Math.min(Math.max(state[2], -MAX_VEL_1), MAX_VEL_1);
        state[3] = Math.min(Math.max(state[3], -MAX_VEL_2), MAX_VEL_2);
        terminated = -StrictMath.cos(state[0]) - StrictMath.cos(state[1] + state[0]) > 1.0;
        reward = terminated ? 0.0 : -1.0;
    }

    /**
     * Time derivative of (θ1, θ2, θ̇1, θ̇2) under torque τ at joint 2, book dynamics (reference
     * {@code _dsdt} with book_or_nips = "book"):
     * d1 = m1 lc1² + m2 (l1² + lc2² + 2 l1 lc2 cos θ2) + I1 + I2;  d2 = m2 (lc2² + l1 lc2 cos θ2) + I2;
     * φ2 = m2 lc2 g cos(θ1 + θ2 − π/2);
     * φ1 = −m2 l1 lc2 θ̇2² sin θ2 − 2 m2 l1 lc2 θ̇2 θ̇1 sin θ2 + (m1 lc1 + m2 l1) g cos(θ1 − π/2) + φ2;
     * θ̈2 = (τ + d2/d1 φ1 − m2 l1 lc2 θ̇1² sin θ2 − φ2) / (m2 lc2² + I2 − d2²/d1);  θ̈1 = −(d2 θ̈2 + φ1)/d1.
     */
    private static void derivatives(double[] s, double torque, double[] out) {
        final double m1 = LINK_MASS_1;
        final double m2 = LINK_MASS_2;
        final double l1 = LINK_LENGTH_1;
        final double lc1 = LINK_COM_POS_1;
        final double lc2 = LINK_COM_POS_2;
        final double i1 = LINK_MOI;
        final double i2 = LINK_MOI;
        final double g = GRAVITY;
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double cos2 = StrictMath.cos(theta2);
        double sin2 = StrictMath.sin(theta2);
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
        double phi2 = m2 * lc2 * g * StrictMath.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * sin2
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sin2
                + (m1 * lc1 + m2 * l1) * g * StrictMath.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * sin2 - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** Wraps x into [low, high] by repeatedly adding or subtracting high − low (reference {@code wrap}). */
    static double wrap(double x, double low, double high) {
        double diff = high - low;
        while (x > high) {
            x = x - diff;
        }
        while (x < low) {
            x = x + diff;
        }
        return x;
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
        out[offset] = StrictMath.cos(state[0]);
        out[offset + 1] = StrictMath.sin(state[0]);
        out[offset + 2] = StrictMath.cos(state[1]);
        out[offset + 3] = StrictMath.sin(state[1]);
        out[offset + 4] = state[2];
        out[offset + 5] = state[3];
    }

    /** The state (θ1, θ2, θ̇1, θ̇2). */
    @Override
    public double[] state() {
        return state.clone();
    }

    /** Replaces the state (for tests and checkpoints); components must be finite. */
    @Override
    public void setState(double[] newState) {
        StateChecks.requireFinite(ID, newState, 4);
        System.arraycopy(newState, 0, state, 0, 4);
        terminated = false;
    }
}
