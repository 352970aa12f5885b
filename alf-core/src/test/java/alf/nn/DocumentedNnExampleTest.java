package alf.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example of docs/nn.md (with the file in a temporary directory) and checks what its comments claim. */
class DocumentedNnExampleTest {
    @TempDir
    Path dir;

    @Test
    void exampleWorksAsDocumented() throws IOException {
        Rng rng = new Rng(42);
        Sequential critic = MLP.builder(3).hidden(256, 256).activation(ReLU::new).output(1).build(rng);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"),
                List.copyOf(critic.namedParameters().keySet()));
        Sequential target = critic.copy();
        assertNotSame(critic.parameters().get(0), target.parameters().get(0));

        Sequential other = MLP.builder(3).hidden(256, 256).activation(ReLU::new).output(1).build(new Rng(7));
        Path file = dir.resolve("critic.safetensors");
        critic.saveSafetensors(file);
        other.loadSafetensors(file, true);
        Tensor x = Tensor.randn(new Rng(1), 4, 3);
        assertArrayEquals(critic.call(x).toFloatArray(), other.call(x).toFloatArray());
    }
}
