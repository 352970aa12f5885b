package alf.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The float64 GEMM kernel is exactly what {@link GemmDoubleGenerator} derives from the float32 one (no drift). */
class GemmSourceTest {

    @Test
    void float64KernelIsGeneratedFromTheFloat32Kernel() throws IOException {
        Path dir = Path.of("src/main/java/alf/tensor/cpu");
        List<String> floatLines = Files.readAllLines(dir.resolve("GemmFloat.java"), StandardCharsets.UTF_8);
        List<String> doubleLines = Files.readAllLines(dir.resolve("GemmDouble.java"), StandardCharsets.UTF_8);
        assertEquals(GemmDoubleGenerator.expectedDoubleBody(floatLines),
                doubleLines.subList(GemmDoubleGenerator.bodyStart(doubleLines), doubleLines.size()),
                "GemmDouble.java's class body differs from GemmFloat.java's: edit GemmFloat and run "
                        + "GemmDoubleGenerator");
    }
}
