package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.rl.LossInfo;
import alf.rl.NonFiniteLossException;
import alf.rl.RLAlgorithm;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.environments.classic.ClassicControl;
import alf.io.Checkpointer;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import alf.trainers.RLTrainer;
import alf.trainers.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NaN in a loss term stops training naming the step and the term, and the last good checkpoint stays readable. */
class NonFiniteLossTest {

    /** Delegates to a real SAC but poisons one loss term at one training step. */
    private static final class Poisoned implements RLAlgorithm {
        private final RLAlgorithm inner;
        private final long poisonAt;
        private long steps;

        Poisoned(RLAlgorithm inner, long poisonAt) {
            this.inner = inner;
            this.poisonAt = poisonAt;
        }

        @Override
        public List<String> metricNames() {
            return inner.metricNames();
        }

        @Override
        public Tensor predictAction(TimeStep step) {
            return inner.predictAction(step);
        }

        @Override
        public Tensor rolloutAction(TimeStep step, Rng rng) {
            return inner.rolloutAction(step, rng);
        }

        @Override
        public LossInfo trainStep(SampledBatch batch, Rng rng) {
            LossInfo info = inner.trainStep(batch, rng);
            if (steps++ != poisonAt) {
                return info;
            }
            Map<String, Tensor> terms = new LinkedHashMap<>(info.terms());
            terms.put("actor_loss", terms.get("actor_loss").mul(Double.NaN));
            return new LossInfo(info.loss(), terms, info.metrics());
        }

        @Override
        public void update(LossInfo loss) {
            inner.update(loss);
        }

        @Override
        public void afterUpdate() {
            inner.afterUpdate();
        }

        @Override
        public Map<String, Object> stateDict() {
            return inner.stateDict();
        }

        @Override
        public void loadStateDict(Map<String, Object> state) {
            inner.loadStateDict(state);
        }
    }

    @Test
    void nanStopsTrainingNamingStepAndTermAndKeepsTheLastCheckpoint(@TempDir Path tmp) throws IOException {
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, ReproducibilityTest.TINY);
        try (Experiment e = Experiment.build(List.of(conf), List.of(), tmp.resolve("run"))) {
            TrainerConfig tc = e.trainerConfig();
            // updates start at step 300 (two envs per step): training step 500 happens after env step 1300
            RLTrainer trainer = new RLTrainer(tc, ClassicControl.environment("Pendulum-v1", 2, 1),
                    ClassicControl.environment("Pendulum-v1", tc.numEvalEpisodes(), 1),
                    new Poisoned(e.algorithm(), 500), tmp.resolve("run"));
            NonFiniteLossException ex = assertThrows(NonFiniteLossException.class, () -> trainer.run(false,
                    (s, t, r) -> { }));
            assertEquals(500, ex.step());
            assertEquals("actor_loss", ex.term());
            assertTrue(ex.getMessage().contains("'actor_loss' is NaN at training step 500"), ex.getMessage());
        }
        Checkpointer ck = new Checkpointer(tmp.resolve("run/checkpoints"), 2);
        assertEquals(List.of(1000L), ck.steps());
        assertEquals(1000L, ck.loadLatest().orElseThrow().step());
    }
}
