package alf.environments.box2d;

import alf.data.BoundedTensorSpec;
import alf.environments.simulator.ActionChecks;
import alf.tensor.DType;
import alf.tensor.Rng;
import org.jbox2d.callbacks.RayCastCallback;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.joints.RevoluteJoint;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * Gymnasium's {@code BipedalWalker-v3} (normal terrain) on JBox2D, following gymnasium/envs/box2d/bipedal_walker.py.
 * Action (4, float32 in [-1, 1]): torque commands of hip 1, knee 1, hip 2, knee 2 (motor speed sign(a)·speed, maximum
 * torque 80·clip(|a|, 0, 1)). Observation (24, float32): hull angle, angular velocity, vx, vy (scaled as the
 * reference), each joint's angle and speed, the two lower legs' ground contact, and 10 lidar fractions.
 *
 * <p>Reward: shaping Δ with shaping = 130·x/SCALE − 5·|hull angle| ({@link #shaping}), minus 0.00035·80·clip(|aᵢ|, 0, 1)
 * per motor ({@link #torqueCost}). Terminates with −100 when the hull touches the ground or x &lt; 0, and (without
 * penalty) when x passes the end of the terrain ({@link #terminalReward}). Reset draws the grass terrain's slope
 * changes and a horizontal push U(−5, 5) on the hull from the episode generator, then takes one zero-action step.
 */
public final class BipedalWalker extends Box2DTask {

    /** Registry id. */
    public static final String ID = "BipedalWalker-v3";
    /** Registered time limit. */
    public static final int MAX_EPISODE_STEPS = 1600;

    static final double SCALE = 30.0;
    static final double MOTORS_TORQUE = 80;
    static final double SPEED_HIP = 4;
    static final double SPEED_KNEE = 6;
    static final double LIDAR_RANGE = 160 / SCALE;
    static final double INITIAL_RANDOM = 5;
    private static final double[][] HULL_POLY = {{-30, 9}, {6, 9}, {34, 1}, {34, -8}, {-30, -8}};
    private static final double LEG_DOWN = -8 / SCALE;
    private static final double LEG_W = 8 / SCALE;
    private static final double LEG_H = 34 / SCALE;
    private static final double VIEWPORT_W = 600;
    private static final double VIEWPORT_H = 400;
    static final double TERRAIN_STEP = 14 / SCALE;
    static final int TERRAIN_LENGTH = 200;
    private static final double TERRAIN_HEIGHT = VIEWPORT_H / SCALE / 4;
    static final int TERRAIN_GRASS = 10;
    private static final int TERRAIN_STARTPAD = 20;
    private static final double FRICTION = 2.5;
    /**
     * Depth of each terrain segment's solid slab below the surface line (the reference uses a bare edge there; see
     * {@link #generateTerrain}).
     */
    private static final double GROUND_SLAB_DEPTH = 1.0;

    private static final BoundedTensorSpec OBSERVATION_SPEC;
    private static final BoundedTensorSpec ACTION_SPEC =
            BoundedTensorSpec.uniform(new int[] {4}, DType.FLOAT32, "action", -1, 1);

    static {
        double[] low = {-Math.PI, -5, -5, -5, -Math.PI, -5, -Math.PI, -5, 0, -Math.PI, -5, -Math.PI, -5, 0,
            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
        double[] high = {Math.PI, 5, 5, 5, Math.PI, 5, Math.PI, 5, 5, Math.PI, 5, Math.PI, 5, 5,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        OBSERVATION_SPEC = new BoundedTensorSpec(new int[] {24}, DType.FLOAT32, "observation", low, high);
    }

    private World world;
    private Body hull;
    private final Body[] legs = new Body[4];
    private final RevoluteJoint[] joints = new RevoluteJoint[4];
    private GroundContacts contacts;
    /** The shaping potential after the previous step (a primitive, so a step boxes nothing); see hasPrevShaping. */
    private double prevShaping;
    /** False right after a reset, when no step has set prevShaping yet. */
    private boolean hasPrevShaping;
    private final Lidar lidar = new Lidar();
    private final Vec2 rayStart = new Vec2();
    private final Vec2 rayEnd = new Vec2();

    /** The registered task (normal terrain). */
    public BipedalWalker() {
        super(24);
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
        ActionChecks.requireFiniteVector(ID, action, 4);
    }

    @Override
    protected void build(Rng rng) {
        world = new World(new Vec2(0f, -10f));
        hasPrevShaping = false;
        generateTerrain(rng);
        double initX = TERRAIN_STEP * TERRAIN_STARTPAD / 2;
        double initY = TERRAIN_HEIGHT + 2 * LEG_H;
        Vec2[] vertices = new Vec2[HULL_POLY.length];
        for (int i = 0; i < vertices.length; i++) {
            vertices[i] = new Vec2((float) (HULL_POLY[i][0] / SCALE), (float) (HULL_POLY[i][1] / SCALE));
        }
        PolygonShape hullShape = new PolygonShape();
        hullShape.set(vertices, vertices.length);
        hull = dynamicBody(world, initX, initY, 0, hullShape, 5.0, 0.1, 0x0020);
        hull.applyForceToCenter(new Vec2((float) uniform(rng, -INITIAL_RANDOM, INITIAL_RANDOM), 0f));
        for (int k = 0; k < 2; k++) {
            int i = k == 0 ? -1 : 1;
            PolygonShape upperShape = new PolygonShape();
            upperShape.setAsBox((float) (LEG_W / 2), (float) (LEG_H / 2));
            Body upper = dynamicBody(world, initX, initY - LEG_H / 2 - LEG_DOWN, i * 0.05, upperShape, 1.0, 0.2, 0x0020);
            joints[2 * k] = joint(hull, upper, LEG_DOWN, LEG_H / 2, i, -0.8, 1.1);
            legs[2 * k] = upper;
            PolygonShape lowerShape = new PolygonShape();
            lowerShape.setAsBox((float) (0.8 * LEG_W / 2), (float) (LEG_H / 2));
            Body lower = dynamicBody(world, initX, initY - LEG_H * 3 / 2 - LEG_DOWN, i * 0.05, lowerShape, 1.0, 0.2, 0x0020);
            joints[2 * k + 1] = joint(upper, lower, -LEG_H / 2, LEG_H / 2, 1, -1.6, -0.1);
            legs[2 * k + 1] = lower;
        }
        contacts = new GroundContacts(hull, legs[1], legs[3]);
        world.setContactListener(contacts);
        advance(new double[4]);
    }

    private RevoluteJoint joint(Body a, Body b, double anchorAY, double anchorBY, double speed, double lower,
                                double upper) {
        RevoluteJointDef rjd = new RevoluteJointDef();
        rjd.bodyA = a;
        rjd.bodyB = b;
        rjd.localAnchorA.set(0f, (float) anchorAY);
        rjd.localAnchorB.set(0f, (float) anchorBY);
        rjd.enableMotor = true;
        rjd.enableLimit = true;
        rjd.maxMotorTorque = (float) MOTORS_TORQUE;
        rjd.motorSpeed = (float) speed;
        rjd.lowerAngle = (float) lower;
        rjd.upperAngle = (float) upper;
        return (RevoluteJoint) world.createJoint(rjd);
    }

    /**
     * The normal (not hardcore) terrain: a grass track whose slope velocity gets U(−1, 1)/SCALE kicks. The reference
     * makes each segment an edge shape; here each is a convex quad with the same top edge and a slab of
     * {@link #GROUND_SLAB_DEPTH} below it, because JBox2D 2.2.1.1's edge-versus-polygon contacts do not hold the legs
     * as Box2D does: on edges Gymnasium's heuristic gait speeds up and falls in every episode, on the slabs it walks
     * to the end with the reference's return (about 315), see BipedalWalkerTest. The surface, its friction and its
     * collision filter are the reference's.
     */
    private void generateTerrain(Rng rng) {
        double velocity = 0.0;
        double y = TERRAIN_HEIGHT;
        int counter = TERRAIN_STARTPAD;
        boolean oneshot = false;
        double[] xs = new double[TERRAIN_LENGTH];
        double[] ys = new double[TERRAIN_LENGTH];
        for (int i = 0; i < TERRAIN_LENGTH; i++) {
            xs[i] = i * TERRAIN_STEP;
            if (!oneshot) { // the step right after a stretch ends keeps y, as the reference's state machine does
                velocity = 0.8 * velocity + 0.01 * Math.signum(TERRAIN_HEIGHT - y);
                if (i > TERRAIN_STARTPAD) {
                    velocity += uniform(rng, -1, 1) / SCALE;
                }
                y += velocity;
            }
            oneshot = false;
            ys[i] = y;
            counter -= 1;
            if (counter == 0) {
                // the reference draws the next grass stretch's length here; on normal terrain it only restarts grass
                counter = integer(rng, TERRAIN_GRASS / 2, TERRAIN_GRASS);
                oneshot = true;
            }
        }
        for (int i = 0; i < TERRAIN_LENGTH - 1; i++) {
            PolygonShape segment = new PolygonShape();
            segment.set(new Vec2[] {
                new Vec2((float) xs[i], (float) ys[i]),
                new Vec2((float) xs[i + 1], (float) ys[i + 1]),
                new Vec2((float) xs[i + 1], (float) (ys[i + 1] - GROUND_SLAB_DEPTH)),
                new Vec2((float) xs[i], (float) (ys[i] - GROUND_SLAB_DEPTH))}, 4);
            FixtureDef fd = new FixtureDef();
            fd.shape = segment;
            fd.friction = (float) FRICTION;
            fd.filter.categoryBits = 0x0001;
            world.createBody(new BodyDef()).createFixture(fd);
        }
    }

    @Override
    protected void advance(double[] action) {
        for (int j = 0; j < 4; j++) {
            double speed = j % 2 == 0 ? SPEED_HIP : SPEED_KNEE;
            joints[j].setMotorSpeed((float) (speed * Math.signum(action[j])));
            joints[j].setMaxMotorTorque((float) (MOTORS_TORQUE * Math.min(Math.abs(action[j]), 1.0)));
        }
        world.step(1.0f / FPS, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
        Vec2 pos = hull.getPosition();
        Vec2 vel = hull.getLinearVelocity();
        observation[0] = hull.getAngle();
        observation[1] = 2.0 * hull.getAngularVelocity() / FPS;
        observation[2] = 0.3 * vel.x * (VIEWPORT_W / SCALE) / FPS;
        observation[3] = 0.3 * vel.y * (VIEWPORT_H / SCALE) / FPS;
        for (int k = 0; k < 2; k++) {
            observation[4 + 5 * k] = joints[2 * k].getJointAngle();
            observation[5 + 5 * k] = joints[2 * k].getJointSpeed() / SPEED_HIP;
            observation[6 + 5 * k] = joints[2 * k + 1].getJointAngle() + 1.0;
            observation[7 + 5 * k] = joints[2 * k + 1].getJointSpeed() / SPEED_KNEE;
            observation[8 + 5 * k] = contacts.touching(k) ? 1.0 : 0.0;
        }
        for (int i = 0; i < 10; i++) {
            lidar.fraction = 1.0f;
            // World.raycast copies both points, so two vectors of this simulator serve every ray
            rayEnd.set((float) (pos.x + Math.sin(1.5 * i / 10.0) * LIDAR_RANGE),
                    (float) (pos.y - Math.cos(1.5 * i / 10.0) * LIDAR_RANGE));
            world.raycast(lidar, rayStart.set(pos), rayEnd);
            observation[14 + i] = lidar.fraction;
        }
        double shaping = shaping(pos.x, observation[0]);
        reward = hasPrevShaping ? shaping - prevShaping : 0.0;
        prevShaping = shaping;
        hasPrevShaping = true;
        reward -= torqueCost(action);
        double terminal = terminalReward(contacts.crashed(), pos.x);
        terminated = contacts.crashed() || pos.x < 0 || pos.x > (TERRAIN_LENGTH - TERRAIN_GRASS) * TERRAIN_STEP;
        if (!Double.isNaN(terminal)) {
            reward = terminal;
        }
    }

    /** The hull's x position (world units), for behavioural checks. */
    double hullX() {
        return hull.getPosition().x;
    }

    /** Whether the hull has touched the ground this episode. */
    boolean fell() {
        return contacts.crashed();
    }

    /** The reference's shaping potential: 130·x/SCALE − 5·|hull angle|. */
    static double shaping(double x, double hullAngle) {
        return 130 * x / SCALE - 5.0 * Math.abs(hullAngle);
    }

    /** Σᵢ 0.00035·MOTORS_TORQUE·clip(|aᵢ|, 0, 1). */
    static double torqueCost(double[] action) {
        double cost = 0;
        for (double a : action) {
            cost += 0.00035 * MOTORS_TORQUE * Math.min(Math.abs(a), 1.0);
        }
        return cost;
    }

    /** −100 after a fall (hull touched the ground) or when x &lt; 0; NaN otherwise (reaching the end is not paid). */
    static double terminalReward(boolean fell, double x) {
        return fell || x < 0 ? -100.0 : Double.NaN;
    }

    /**
     * Keeps the nearest ground hit's fraction and clips the ray to it (v3's "closest lidar trace"). Box2D reports only
     * hits nearer than the clip, so the last report is the nearest; taking the minimum keeps that true for shapes
     * whose ray cast ignores the clip (JBox2D's edge shape does).
     */
    private static final class Lidar implements RayCastCallback {
        float fraction;

        @Override
        public float reportFixture(Fixture fixture, Vec2 point, Vec2 normal, float f) {
            if ((fixture.getFilterData().categoryBits & 1) == 0) {
                return -1;
            }
            fraction = Math.min(fraction, f);
            return fraction;
        }
    }
}
