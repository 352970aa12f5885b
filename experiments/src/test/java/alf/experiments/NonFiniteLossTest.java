package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.StateDict;
import alf.rl.LossInfo;
import alf.rl.NonFiniteLossException;
import alf.rl.RLAlgorithm;
import alf.data.SampledBatch;
import alf.data.TimeStep;
import alf.environments.classic.ClassicControl;
import alf.tensor.GradMode;
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

    /** Delegates to a real SAC but poisons one loss term (or, after the update, one parameter) at one training step. */
    private static final class Poisoned implements RLAlgorithm {
        private final RLAlgorithm inner;
        private final long poisonAt;
        private final boolean poisonParameter;
        private long steps;
        private long updates;

        Poisoned(RLAlgorithm inner, long poisonAt, boolean poisonParameter) {
            this.inner = inner;
            this.poisonAt = poisonAt;
            this.poisonParameter = poisonParameter;
        }

        @Override
        public List<Tensor> trainedParameters() {
            return inner.trainedParameters();
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
            if (steps++ != poisonAt || poisonParameter) {
                return info;
            }
            Map<String, Tensor> terms = new LinkedHashMap<>(info.terms());
            terms.put("actor_loss", terms.get("actor_loss").mul(Double.NaN));
            return new LossInfo(info.loss(), terms, info.metrics());
        }

        @Override
        public void update(LossInfo loss) {
            inner.update(loss);
            if (poisonParameter && updates++ == poisonAt) {
                try (var noGrad = GradMode.noGrad()) {
                    Tensor first = inner.trainedParameters().get(0);
                    first.copy_(first.mul(Double.POSITIVE_INFINITY));
                }
            }
        }

        @Override
        public void afterUpdate() {
            inner.afterUpdate();
        }

        @Override
        public StateDict stateDict() {
            return inner.stateDict();
        }

        @Override
        public void loadStateDict(StateDict state) {
            inner.loadStateDict(state);
        }
    }

    /**
     * Trains the tiny config in {@code tmp/run} on two environments with its SAC wrapped in a {@link Poisoned} at
     * {@code poisonAt}, and returns the exception that stopped it.
     */
    private static NonFiniteLossException trainPoisoned(Path tmp, long poisonAt, boolean poisonParameter)
            throws IOException {
        Path conf = tmp.resolve("tiny.conf");
        Files.writeString(conf, ReproducibilityTest.TINY);
        try (Experiment e = Experiment.build(List.of(conf), List.of(), tmp.resolve("run"))) {
            TrainerConfig tc = e.trainerConfig();
            RLTrainer trainer = new RLTrainer(tc, ClassicControl.environment("Pendulum-v1", 2, 1),
                    ClassicControl.environment("Pendulum-v1", tc.numEvalEpisodes(), 1),
                    new Poisoned(e.algorithm(), poisonAt, poisonParameter), tmp.resolve("run"));
            return assertThrows(NonFiniteLossException.class, () -> trainer.run(false, (s, t, r) -> { }));
        }
    }

    @Test
    void nanStopsTrainingNamingStepAndTermAndKeepsTheLastCheckpoint(@TempDir Path tmp) throws IOException {
        // updates start at step 300 (two envs per step): training step 500 happens after env step 1300
        NonFiniteLossException ex = trainPoisoned(tmp, 500, false);
        assertEquals(500, ex.step());
        assertEquals("actor_loss", ex.term());
        assertTrue(ex.getMessage().contains("'actor_loss' is NaN at training step 500"), ex.getMessage());
        Checkpointer ck = new Checkpointer(tmp.resolve("run/checkpoints"), 2);
        assertEquals(List.of(1000L), ck.steps());
        assertEquals(1000L, ck.loadLatest().orElseThrow().step());
    }

    @Test
    void aParameterMadeNonFiniteByAnUpdateStopsTrainingNamingTheStep(@TempDir Path tmp) throws IOException {
        NonFiniteLossException ex = trainPoisoned(tmp, 20, true);
        assertEquals(20, ex.step());
        assertEquals("parameters", ex.term());
        assertTrue(ex.getMessage().contains("parameters became NaN or infinite in the update of training step 20"
                + " (loss terms were finite: critic_loss = "), ex.getMessage());
    }
}
