package alf.environments.box2d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.data.BoundedTensorSpec;
import alf.data.TimeStep;
import alf.environments.simulator.SimulatorEnvironment;
import alf.environments.tasks.Tasks;
import alf.environments.wrappers.TimeLimit;
import alf.rl.Environment;
import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LunarLanderTest {

    @Test
    void spacesFollowGymnasium() {
        BoundedTensorSpec obs = new LunarLander(true).observationSpec();
        assertArrayEquals(new int[] {8}, obs.shape());
        assertEquals(DType.FLOAT32, obs.dtype());
        assertEquals(-2.5, obs.minimum(0));
        assertEquals(2 * Math.PI, obs.maximum(4));
        assertEquals(1.0, obs.maximum(7));
        BoundedTensorSpec continuous = new LunarLander(true).actionSpec();
        assertArrayEquals(new int[] {2}, continuous.shape());
        assertEquals(-1.0, continuous.minimum(0));
        BoundedTensorSpec discrete = new LunarLander(false).actionSpec();
        assertTrue(discrete.isDiscrete());
        assertEquals(3.0, discrete.maximum(0));
        assertEquals(1000, Tasks.create(LunarLander.DISCRETE_ID).maxEpisodeSteps());
    }

    @Test
    void shapingAndTerminalRewardsOnConstructedStates() {
        // at the pad, at rest, upright, both legs down: 20
        assertEquals(20.0, LunarLander.shaping(new double[] {0, 0, 0, 0, 0, 0, 1, 1}), 1e-12);
        // 3-4-5 distance, 6-8-10 speed, 0.5 rad tilt, no legs: -500 - 1000 - 50
        assertEquals(-1550.0, LunarLander.shaping(new double[] {0.3 * 10, 0.4 * 10, 6, 8, -0.5, 3, 0, 0}), 1e-9);
        assertEquals(-100.0, LunarLander.terminalReward(true, 0.0, true));
        assertEquals(-100.0, LunarLander.terminalReward(false, 1.0, true));
        assertEquals(-100.0, LunarLander.terminalReward(false, -1.2, true));
        assertEquals(100.0, LunarLander.terminalReward(false, 0.1, false));
        assertEquals(100.0, LunarLander.terminalReward(true, 0.1, false)); // resting overrides, as the reference
        assertTrue(Double.isNaN(LunarLander.terminalReward(false, 0.99, true)));
    }

    @Test
    void enginePowerFollowsThrottleRules() {
        LunarLander c = new LunarLander(true);
        assertEquals(0.0, c.mainPower(new double[] {0.0, 0}));
        assertEquals(0.5, c.mainPower(new double[] {1e-9, 0}), 1e-8);
        assertEquals(1.0, c.mainPower(new double[] {3.0, 0}));
        assertEquals(0.0, c.sidePower(new double[] {0, 0.5}));
        assertEquals(0.75, c.sidePower(new double[] {0, -0.75}));
        assertEquals(1.0, c.sidePower(new double[] {0, -7}));
        LunarLander d = new LunarLander(false);
        assertEquals(1.0, d.mainPower(new double[] {2}));
        assertEquals(0.0, d.mainPower(new double[] {1}));
        assertEquals(1.0, d.sidePower(new double[] {3}));
        assertThrows(IllegalArgumentException.class, () -> d.checkAction(new double[] {4}));
    }

    @Test
    void fallingWithoutThrustCrashesAndTheFirstStepRewardIsAShapingChange() {
        TimeLimit env = Tasks.create(LunarLander.CONTINUOUS_ID);
        env.reset(new Rng(3));
        double[] s = new double[8];
        env.observe(s, 0);
        assertTrue(s[1] > 1.0, "starts high above the pad: " + Arrays.toString(s));
        int steps = 0;
        while (!env.terminated() && !env.truncated()) {
            env.step(new double[] {-1, 0});
            steps++;
        }
        assertTrue(env.terminated());
        assertEquals(-100.0, env.reward());
        assertTrue(steps < 1000, "a free fall ends long before the time limit");
    }

    @Test
    void sameSeedSameEpisodeAndCheckpointContinuesBitIdentically() {
        for (boolean continuous : new boolean[] {true, false}) {
            LunarLander a = new LunarLander(continuous);
            LunarLander b = new LunarLander(continuous);
            a.reset(new Rng(11));
            b.reset(new Rng(11));
            double[] sa = new double[8];
            double[] sb = new double[8];
            for (int t = 0; t < 40; t++) {
                a.observe(sa, 0);
                a.step(LunarLanderHeuristic.action(sa, continuous));
                b.observe(sb, 0);
                b.step(LunarLanderHeuristic.action(sb, continuous));
                assertEquals(a.reward(), b.reward());
            }
            LunarLander restored = new LunarLander(continuous);
            restored.setState(a.state());
            for (int t = 0; t < 60 && !a.terminated(); t++) {
                a.observe(sa, 0);
                restored.observe(sb, 0);
                assertArrayEquals(sa, sb);
                double[] action = LunarLanderHeuristic.action(sa, continuous);
                a.step(action);
                restored.step(action);
                assertEquals(a.reward(), restored.reward());
                assertEquals(a.terminated(), restored.terminated());
            }
        }
    }

    @Test
    void aSavedStateIsValidatedAndAnUnstartedOneRoundTrips() {
        LunarLander lander = new LunarLander(true);
        assertEquals(0, lander.state().length);
        lander.setState(new double[0]);
        assertThrows(IllegalStateException.class, () -> lander.step(new double[] {0, 0}));
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> lander.setState(new double[] {1, 2, 3, 4, 0.5}));
        assertTrue(odd.getMessage().contains("LunarLanderContinuous-v3"), odd.getMessage());
        IllegalArgumentException chunk = assertThrows(IllegalArgumentException.class,
                () -> lander.setState(new double[] {1, 2, 3, 70000}));
        assertTrue(chunk.getMessage().contains("seed chunk 3"), chunk.getMessage());
    }

    @Test
    void differentSeedsGiveDifferentTerrainAndPush() {
        LunarLander a = new LunarLander(true);
        LunarLander b = new LunarLander(true);
        a.reset(new Rng(1));
        b.reset(new Rng(2));
        double[] sa = new double[8];
        double[] sb = new double[8];
        a.observe(sa, 0);
        b.observe(sb, 0);
        assertFalse(Arrays.equals(sa, sb));
    }

    @Test
    void heuristicLanderLandsMostSeededEpisodes() {
        int episodes = 20;
        double sum = 0;
        int solved = 0;
        for (int seed = 0; seed < episodes; seed++) {
            double r = LunarLanderHeuristic.episodeReturn(true, seed);
            sum += r;
            solved += r >= 200 ? 1 : 0;
        }
        double mean = sum / episodes;
        assertTrue(mean > 200, "mean return of the heuristic over " + episodes + " episodes: " + mean);
        assertTrue(solved >= 14, "episodes with return >= 200: " + solved + " of " + episodes);
    }

    @Test
    void batchedLikeTheClassicTasks() {
        Environment env = Tasks.environment(LunarLander.DISCRETE_ID, 3, 1);
        assertTrue(env instanceof SimulatorEnvironment);
        env.seed(5);
        TimeStep first = env.reset();
        assertArrayEquals(new int[] {3, 8}, first.observation().shape());
        TimeStep next = env.step(Tensor.of(new long[] {0, 2, 3}));
        assertArrayEquals(new int[] {3}, next.reward().shape());
        env.close();
    }
}
