package alf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.config.Fixtures.Adam;
import alf.config.Fixtures.Trainer;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void includesComposeRelativeToTheIncludingFileAndLaterDefinitionsWin() throws IOException {
        write("base/optim.conf", "Adam { lr = 1e-3, beta1 = 0.8 }\n");
        Path experiment = write("base/experiment.conf", "include \"optim.conf\"\nAdam.lr = 3e-4\n");
        Config config = ConfigSources.load(List.of(experiment), List.of());
        assertEquals(3e-4, config.getDouble("Adam.lr"));
        assertEquals(0.8, config.getDouble("Adam.beta1"));
    }

    @Test
    void requiredIncludeOfAMissingFileFails() throws IOException {
        Path experiment = write("e.conf", "Adam.lr = 1\n\ninclude required(\"absent.conf\")\n");
        ConfigBindingException e = assertThrows(ConfigBindingException.class,
                () -> ConfigSources.load(List.of(experiment), List.of()));
        assertTrue(e.getMessage().contains(experiment.toAbsolutePath() + ":3: include of 'absent.conf' failed"),
                e.getMessage());
    }

    @Test
    void aConfigPathThatIsNoRegularFileSaysWhatItIs() throws IOException {
        ConfigBindingException directory = assertThrows(ConfigBindingException.class,
                () -> ConfigSources.parseFile(dir));
        assertEquals("config file " + dir.toAbsolutePath() + " is a directory, not a file", directory.getMessage());
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            ConfigBindingException device = assertThrows(ConfigBindingException.class,
                    () -> ConfigSources.parseFile(devNull));
            assertEquals("config file /dev/null is a character device, not a regular file", device.getMessage());
        }
        Path fifo = dir.resolve("pipe.conf");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            made = false;
        }
        if (made) {
            ConfigBindingException pipe = assertThrows(ConfigBindingException.class,
                    () -> ConfigSources.parseFile(fifo));
            assertEquals("config file " + fifo.toAbsolutePath() + " is a named pipe (FIFO), not a regular file",
                    pipe.getMessage());
        }
    }

    @Test
    void laterFilesWinAndParamsWinOverEveryFile() throws IOException {
        Path first = write("a.conf", "Adam { lr = 1e-3, beta1 = 0.8, beta2 = 0.9 }\n");
        Path second = write("b.conf", "Adam { lr = 2e-3, beta1 = 0.7 }\n");
        Adam adam = ConfigBinder.load(Fixtures.registry(), List.of(first, second), List.of("Adam.lr=5e-3"))
                .build(Adam.class);
        assertEquals(new Adam(5e-3, 0.7, 0.9, 1e-8), adam);
    }

    @Test
    void paramValuesAreHocon() {
        Trainer trainer = ConfigBinder.load(Fixtures.registry(), List.of(),
                List.of("Trainer.batch = 32", "Trainer.optimizers=[AdamTF, {class = Adam, lr = 0.5}]"))
                .build(Trainer.class);
        assertEquals(32, trainer.batchSize);
        assertEquals(2, trainer.optimizers.size());
        assertEquals(0.5, trainer.optimizers.get(1).lr());
    }

    @Test
    void paramsCanReferToFileValuesBySubstitution() throws IOException {
        Path file = write("s.conf", "actor.Adam.lr = 3e-4\n");
        Config config = ConfigSources.load(List.of(file), List.of("critic.Adam.lr=${actor.Adam.lr}"));
        assertEquals(3e-4, config.getDouble("critic.Adam.lr"));
    }

    @Test
    void errorsFromAParamNameTheParam() {
        ConfigBinder binder = ConfigBinder.load(Fixtures.registry(), List.of(), List.of("Adam.lr=fast"));
        ConfigBindingException e = assertThrows(ConfigBindingException.class, () -> binder.build(Adam.class));
        assertEquals("Adam.lr at --param Adam.lr=fast: 1: expected a number (double) but got STRING 'fast'",
                e.getMessage());
        ConfigBindingException unknown = assertThrows(ConfigBindingException.class,
                () -> ConfigBinder.load(Fixtures.registry(), List.of(), List.of("Adam.lrr=1")));
        assertEquals("unknown key 'Adam.lrr' at --param Adam.lrr=1: 1; did you mean 'Adam.lr'?", unknown.getMessage());
    }

    @Test
    void malformedParamsAreRejected() {
        ConfigBindingException noEquals = assertThrows(ConfigBindingException.class,
                () -> ConfigSources.parseParam("Adam.lr"));
        assertTrue(noEquals.getMessage().contains("must have the form Key=Value"), noEquals.getMessage());
        ConfigBindingException badValue = assertThrows(ConfigBindingException.class,
                () -> ConfigSources.parseParam("Adam.lr=[1,"));
        assertTrue(badValue.getMessage().startsWith("--param 'Adam.lr=[1,' is not Key=Value in HOCON"),
                badValue.getMessage());
    }

    @Test
    void missingFilesAndSyntaxErrorsAreReportedWithTheirLocation() throws IOException {
        ConfigBindingException missing = assertThrows(ConfigBindingException.class,
                () -> ConfigSources.load(List.of(dir.resolve("nope.conf")), List.of()));
        assertEquals("config file " + dir.resolve("nope.conf").toAbsolutePath() + " not found", missing.getMessage());
        Path broken = write("broken.conf", "Adam {\n  lr = 1\n  beta1 = [\n");
        ConfigBindingException syntax = assertThrows(ConfigBindingException.class,
                () -> ConfigSources.load(List.of(broken), List.of()));
        assertTrue(syntax.getMessage().contains("broken.conf: "), syntax.getMessage());
    }
}
