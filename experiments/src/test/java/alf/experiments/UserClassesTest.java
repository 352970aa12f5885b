package alf.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.config.ConfigBindingException;
import alf.environments.wrappers.ObservationNormalization;
import alf.environments.wrappers.RewardScaling;
import alf.experiments.user.UserAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiments assemble classes the registry does not know (named by their full names) and configured wrappers. */
class UserClassesTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, text);
        return file;
    }

    private static final String TRAINER = """
            TrainerConfig { numEnvSteps = 60, initialCollectSteps = 20, batchSize = 8, replayCapacity = 100,
              evalInterval = 30, numEvalEpisodes = 1, checkpointInterval = 30, seed = 1 }
            """;

    @Test
    void userAlgorithmAndEnvironmentWithWrappersTrainAndTheOperativeConfigRebuildsThem() throws Exception {
        Path conf = write(TRAINER + """
                algorithm = { class = alf.experiments.user.UserAlgorithm, discount = 0.9 }
                environment = { class = alf.experiments.user.UserTask, numEnvs = 2,
                  wrappers = [ { class = ObservationNormalization }, { class = RewardScaling, scale = 0.1 } ] }
                """);
        Path run = dir.resolve("run");
        try (Experiment e = Experiment.build(List.of(conf), List.of(), run)) {
            assertInstanceOf(UserAlgorithm.class, e.algorithm());
            RewardScaling outer = assertInstanceOf(RewardScaling.class, e.trainingEnvironment());
            ObservationNormalization trainingNorm = assertInstanceOf(ObservationNormalization.class, outer.inner());
            assertEquals(2, e.trainingEnvironment().batchSize());
            // evaluation: the task's own rewards, and the training statistics, frozen
            ObservationNormalization evalNorm = assertInstanceOf(ObservationNormalization.class,
                    e.evaluationEnvironment());
            assertEquals(1, e.evaluationEnvironment().batchSize());
            assertFalse(evalNorm.isUpdating());
            e.trainer().run(false, (steps, total, ret) -> { });
            assertTrue(trainingNorm.statistics().count() > 60, "training observations were counted");
            assertEquals(trainingNorm.statistics().count(), evalNorm.statistics().count());
            assertArrayEquals(trainingNorm.statistics().mean(), evalNorm.statistics().mean());
        }
        String operative = Files.readString(run.resolve(Experiment.OPERATIVE_CONFIG));
        assertTrue(operative.contains("algorithm.class = \"alf.experiments.user.UserAlgorithm\""), operative);
        assertTrue(operative.contains("algorithm.discount = 0.9"), operative);
        assertTrue(operative.contains("\"class\":\"RewardScaling\""), operative);
        assertTrue(operative.contains("environment.numEnvs = 2"), operative);
        Path again = dir.resolve("again");
        Files.createDirectories(again);
        Files.copy(run.resolve(Experiment.OPERATIVE_CONFIG), again.resolve(Experiment.OPERATIVE_CONFIG));
        try (Experiment e = Experiment.load(again)) {
            assertEquals(operative, e.operativeConfig().toHocon());
        }
    }

    @Test
    void aClassThatDoesNotImplementTheSlotTypeIsRejectedNamingIt() throws Exception {
        Path conf = write(TRAINER + "algorithm = { class = alf.experiments.user.UserTask, numEnvs = 1 }\n");
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> Experiment.assemble(List.of(conf), List.of(), dir.resolve("x")));
        assertTrue(e.getMessage().contains("does not implement alf.rl.RLAlgorithm"), e.getMessage());
    }

    @Test
    void anUnknownWrapperParameterFailsWithItsKey() throws Exception {
        Path conf = write(TRAINER + "environment = { class = Environment, wrappers = [ { class = RewardScaling, "
                + "scal = 2 } ] }\n");
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> Experiment.assemble(List.of(conf), List.of(), dir.resolve("x")));
        assertTrue(e.getMessage().contains("environment.wrappers.0.scal"), e.getMessage());
    }
}
