package alf.environments.classic;

import alf.data.BoundedTensorSpec;
import alf.environments.simulator.ActionChecks;
import alf.environments.simulator.StatefulSimulator;
import alf.tensor.DType;
import alf.tensor.Rng;

/**
 * Port of Gymnasium 1.4.0 {@code Pendulum-v1} (classic_control/pendulum.py): swing a frictionless
 * pendulum up and keep it upright. State (θ, θ̇) in float64, θ = 0 upright and not wrapped; action a
 * torque in [-2, 2] (clipped); observation float32 (cos θ, sin θ, θ̇); never terminates (the registry
 * adds a 200-step time limit, see {@link ClassicControl}).
 *
 * <p>Step (from the reference, evaluated in the same order): u = clip(a, -2, 2);
 * cost = norm(θ)² + 0.1·θ̇² + 0.001·u² with norm(x) = ((x + π) mod 2π) − π (floored modulo);
 * θ̇' = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, -8, 8); θ' = θ + θ̇'·dt; reward = −cost.
 * Reset draws θ ~ U(-π, π), θ̇ ~ U(-1, 1).
 */
public final class Pendulum implements StatefulSimulator {

    /** Gymnasium registry id. */
    public static final String ID = "Pendulum-v1";
    /** Time limit of the registered task. */
    public static final int MAX_EPISODE_STEPS = 200;
    /** Angular speed bound. */
    public static final double MAX_SPEED = 8.0;
    /** Torque bound. */
    public static final double MAX_TORQUE = 2.0;
    /** Integration step in seconds. */
    public static final double DT = 0.05;
    /** Default gravity of {@code gym.make("Pendulum-v1", g=10.0)}. */
    public static final double DEFAULT_GRAVITY = 10.0;
    private static final double MASS = 1.0;
    private static final double LENGTH = 1.0;

    private static final BoundedTensorSpec OBSERVATION_SPEC = new BoundedTensorSpec(new int[] {3}, DType.FLOAT32,
            "observation", new double[] {-1.0, -1.0, -MAX_SPEED}, new double[] {1.0, 1.0, MAX_SPEED});
    private static final BoundedTensorSpec ACTION_SPEC =
            BoundedTensorSpec.uniform(new int[] {1}, DType.FLOAT32, "action", -MAX_TORQUE, MAX_TORQUE);

    private final double gravity;
    private double theta;
    private double thetaDot;
    private double reward;

    /** The registered task (g = 10). */
    public Pendulum() {
        this(DEFAULT_GRAVITY);
    }

    /** A pendulum under gravity {@code gravity} (must be finite). */
    public Pendulum(double gravity) {
        if (!Double.isFinite(gravity)) {
            throw new IllegalArgumentException(ID + ": gravity must be finite, got " + gravity);
        }
        this.gravity = gravity;
    }

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
        ActionChecks.requireFiniteVector(ID, action, 1);
    }

    @Override
    public void reset(Rng rng) {
        theta = Uniform.sample(rng, -Math.PI, Math.PI);
        thetaDot = Uniform.sample(rng, -1.0, 1.0);
        reward = 0.0;
    }

    @Override
    public void step(double[] action) {
        checkAction(action);
        double u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
        double normalized = angleNormalize(theta);
        double costs = normalized * normalized + 0.1 * (thetaDot * thetaDot) + 0.001 * (u * u);
        double newThetaDot = thetaDot
                + (3 * gravity / (2 * LENGTH) * StrictMath.sin(theta) + 3.0 / (MASS * LENGTH * LENGTH) * u) * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        theta = theta + newThetaDot * DT;
        thetaDot = newThetaDot;
        reward = -costs;
    }

    /** ((x + π) mod 2π) − π with Python's floored modulo (result of the mod in [0, 2π)). */
    static double angleNormalize(double x) {
        return FlooredModulo.mod(x + Math.PI, 2 * Math.PI) - Math.PI;
    }

    @Override
    public double reward() {
        return reward;
    }

    @Override
    public boolean terminated() {
        return false;
    }

    @Override
    public void observe(double[] out, int offset) {
        out[offset] = StrictMath.cos(theta);
        out[offset + 1] = StrictMath.sin(theta);
        out[offset + 2] = thetaDot;
    }

    /** The state (θ, θ̇). */
    @Override
    public double[] state() {
        return new double[] {theta, thetaDot};
    }

    /** Replaces the state with (θ, θ̇) (for tests and checkpoints); both must be finite. */
    @Override
    public void setState(double[] state) {
        StateChecks.requireFinite(ID, state, 2);
        theta = state[0];
        thetaDot = state[1];
    }
}
