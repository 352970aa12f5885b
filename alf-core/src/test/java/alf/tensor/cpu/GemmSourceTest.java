package alf.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The float64 GEMM is exactly what {@link GemmDoubleGenerator} derives from the float32 one (no silent drift). */
class GemmSourceTest {

    @Test
    void float64SectionIsGeneratedFromTheFloat32Section() throws IOException {
        Path source = Path.of("src/main/java/alf/tensor/cpu/Gemm.java");
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int[] d = GemmDoubleGenerator.section(lines, "float64");
        assertEquals(GemmDoubleGenerator.expectedDoubleSection(lines), lines.subList(d[0], d[1]),
                "Gemm.java's float64 section differs from its float32 section: edit float32 and run "
                        + "GemmDoubleGenerator");
    }
}
