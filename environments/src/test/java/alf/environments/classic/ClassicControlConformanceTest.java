package alf.environments.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.BoundedTensorSpec;
import alf.environments.simulator.StatefulSimulator;
import alf.environments.wrappers.TimeLimit;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One-step (teacher-forced) conformance of the four ports against the Gymnasium 1.4.0 golden files: for
 * every recorded step t, set the recorded state before step t and the elapsed step count t, step with the
 * recorded action, and compare state, observation (float64 formula and float32 cast), reward, terminated
 * and truncated within each file's stated tolerance.
 */
class ClassicControlConformanceTest {

    static final String[] FILES = {
        "env_pendulum_v1.json", "env_mountain_car_continuous_v0.json", "env_cartpole_v1.json", "env_acrobot_v1.json"
    };

    /** Files' tolerance: relative deviation |a − e| / max(|e|, 1) within 1e-12. */
    private static final double DOUBLE_TOLERANCE = 1e-12;

    static Stream<Arguments> trajectories() {
        List<Arguments> out = new ArrayList<>();
        for (String f : FILES) {
            for (JsonNode t : ConformanceFile.load(f).trajectories()) {
                out.add(Arguments.of(f, t.get("name").asText()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("trajectories")
    void everyRecordedStepMatchesTheReference(String fileName, String trajectoryName) {
        ConformanceFile file = ConformanceFile.load(fileName);
        JsonNode traj = file.trajectory(trajectoryName);
        StatefulSimulator physics = ClassicControl.createUnlimited(file.envId());
        TimeLimit env = new TimeLimit(physics, file.maxEpisodeSteps());
        boolean float32State = file.envId().equals(MountainCarContinuous.ID);
        int length = traj.get("length").asInt();
        assertEquals(length, traj.get("actions").size());
        int obsSize = physics.observationSpec().numel();
        double[] obs = new double[obsSize];
        double[] previous = ConformanceFile.vector(traj.get("initial_state"));
        for (int t = 0; t < length; t++) {
            String where = fileName + " " + trajectoryName + " step " + t;
            physics.setState(previous);
            env.setElapsedSteps(t);
            env.step(ConformanceFile.action(traj.get("actions").get(t)));

            double[] expectedState = ConformanceFile.vector(traj.get("next_state").get(t));
            double[] expectedObs = ConformanceFile.vector(traj.get("next_obs").get(t));
            double[] expectedObsF64 = ConformanceFile.vector(traj.get("next_obs_f64").get(t));
            double expectedReward = ConformanceFile.number(traj.get("reward").get(t));
            env.observe(obs, 0);
            if (float32State) {
                // This port reproduces the reference's NumPy-2 float32/float64 arithmetic: bit for bit.
                assertArrayEquals(expectedState, physics.state(), 0.0, where + " state");
                assertArrayEquals(expectedObsF64, obs, 0.0, where + " observation");
                assertEquals(expectedReward, env.reward(), 0.0, where + " reward");
            } else {
                assertClose(expectedState, physics.state(), where + " state");
                assertClose(expectedObsF64, obs, where + " observation (float64 formula)");
                assertClose(new double[] {expectedReward}, new double[] {env.reward()}, where + " reward");
            }
            for (int i = 0; i < obsSize; i++) {
                float expected = (float) expectedObs[i];
                float actual = (float) obs[i];
                assertTrue(Math.abs(actual - expected) <= Math.ulp(expected),
                        where + " float32 observation[" + i + "]: expected " + expected + ", got " + actual);
            }
            assertEquals(traj.get("terminated").get(t).asBoolean(), env.terminated(), where + " terminated");
            assertEquals(traj.get("truncated").get(t).asBoolean(), env.truncated(), where + " truncated");
            previous = expectedState;
        }
        String endReason = traj.get("end_reason").asText();
        switch (endReason) {
            case "terminated" -> assertTrue(env.terminated());
            case "truncated" -> assertTrue(env.truncated() && !env.terminated());
            case "step_cap" -> assertFalse(env.terminated() || env.truncated());
            default -> throw new AssertionError("unexpected end_reason " + endReason);
        }
        assertEquals(traj.get("elapsed_steps_at_end").asInt(), env.elapsedSteps());
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double deviation = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1.0);
            assertTrue(deviation <= DOUBLE_TOLERANCE,
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (deviation " + deviation + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"env_pendulum_v1.json", "env_mountain_car_continuous_v0.json", "env_cartpole_v1.json",
        "env_acrobot_v1.json"})
    void specsAndTimeLimitMatchTheReference(String fileName) {
        ConformanceFile file = ConformanceFile.load(fileName);
        StatefulSimulator physics = ClassicControl.createUnlimited(file.envId());
        assertEquals(file.envId(), physics.name());
        assertEquals(file.maxEpisodeSteps(), ClassicControl.maxEpisodeSteps(file.envId()));
        assertEquals(file.maxEpisodeSteps(), ClassicControl.create(file.envId()).maxEpisodeSteps());

        JsonNode obsSpace = file.root.get("observation_space");
        BoundedTensorSpec obs = physics.observationSpec();
        assertArrayEquals(intArray(obsSpace.get("shape")), obs.shape());
        assertEquals("float32", obsSpace.get("dtype").asText());
        assertEquals(alf.tensor.DType.FLOAT32, obs.dtype());
        double[] low = ConformanceFile.vector(obsSpace.get("low"));
        double[] high = ConformanceFile.vector(obsSpace.get("high"));
        for (int i = 0; i < low.length; i++) {
            assertEquals(low[i], obs.minimum(i), 0.0, "observation low[" + i + "]");
            assertEquals(high[i], obs.maximum(i), 0.0, "observation high[" + i + "]");
        }

        JsonNode actSpace = file.root.get("action_space");
        BoundedTensorSpec act = physics.actionSpec();
        if (actSpace.get("type").asText().equals("Discrete")) {
            assertTrue(act.isDiscrete());
            assertEquals(0, act.shape().length);
            assertEquals(actSpace.get("start").asInt(), act.minimum(0), 0.0);
            assertEquals(actSpace.get("start").asInt() + actSpace.get("n").asInt() - 1, act.maximum(0), 0.0);
        } else {
            assertArrayEquals(intArray(actSpace.get("shape")), act.shape());
            double[] aLow = ConformanceFile.vector(actSpace.get("low"));
            double[] aHigh = ConformanceFile.vector(actSpace.get("high"));
            for (int i = 0; i < aLow.length; i++) {
                assertEquals(aLow[i], act.minimum(i), 0.0);
                assertEquals(aHigh[i], act.maximum(i), 0.0);
            }
        }
    }

    private static int[] intArray(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"env_cartpole_v1.json", "env_acrobot_v1.json"})
    void everyInvalidDiscreteProbeIsRejectedWithTheEnvAndValue(String fileName) {
        ConformanceFile file = ConformanceFile.load(fileName);
        JsonNode probes = file.root.get("invalid_actions").get("probes");
        assertTrue(probes.size() >= 3);
        for (JsonNode probe : probes) {
            StatefulSimulator physics = ClassicControl.createUnlimited(file.envId());
            physics.setState(new double[4]);
            double value = ConformanceFile.number(probe.get("action"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> physics.step(new double[] {value}), "probe " + probe);
            assertTrue(e.getMessage().contains(file.envId()), e.getMessage());
            assertTrue(e.getMessage().contains(probe.get("action").asText()), e.getMessage());
            assertArrayEquals(new double[4], physics.state(), 0.0, "a rejected action must not move the state");
        }
    }
}
