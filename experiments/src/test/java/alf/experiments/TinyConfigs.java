package alf.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes the tiny SAC base config and sweep files next to each other in a test directory. */
public final class TinyConfigs {
    private TinyConfigs() {
    }

    /** Copies {@code tiny_sac_pendulum.conf} into {@code dir} and returns its path. */
    public static Path base(Path dir) throws IOException {
        Path target = dir.resolve("tiny_sac_pendulum.conf");
        try (InputStream in = TinyConfigs.class.getResourceAsStream("/tiny_sac_pendulum.conf")) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** A comparison of Adam and AdamTF on the tiny base with {@code seeds} seeds, written into {@code dir}. */
    public static Path comparison(Path dir, int seeds) throws IOException {
        base(dir);
        Path file = dir.resolve("tiny_compare.conf");
        Files.writeString(file, """
                Comparison {
                  base = "tiny_sac_pendulum.conf"
                  variants {
                    Adam = [
                      "SacAlgorithm.actorOptimizer = { class = Adam, lr = 1e-3, scope = actor }"
                      "SacAlgorithm.criticOptimizer = { class = Adam, lr = 1e-3, scope = critic }"
                    ]
                    AdamTF = [
                      "SacAlgorithm.actorOptimizer = { class = AdamTF, lr = 1e-3, scope = actor }"
                      "SacAlgorithm.criticOptimizer = { class = AdamTF, lr = 1e-3, scope = critic }"
                    ]
                  }
                  seeds = %d
                }
                """.formatted(seeds));
        return file;
    }
}
