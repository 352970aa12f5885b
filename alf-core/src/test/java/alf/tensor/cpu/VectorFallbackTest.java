package alf.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * alf-core works as a plain library: a JVM started without {@code --add-modules jdk.incubator.vector} runs the CPU
 * backend on its scalar kernels, warns once naming the flag, and gets bit-identical results to the Vector API
 * kernels, the dot form of the matrix-vector product excepted (lane partial sums; within float rounding, see
 * {@link ScalarGemm}). The probe ({@link FallbackProbe}) runs here with the Vector API and in a child JVM without.
 */
class VectorFallbackTest {

    @Test
    void withoutTheVectorModuleTheScalarKernelsGiveTheSameResultsAndWarnOnce() throws Exception {
        assertTrue(VectorSupport.AVAILABLE, "this test JVM should run with " + VectorSupport.FLAG);
        Map<String, String> vector = FallbackProbe.results();

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xss8m", "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName());
        Process p = new ProcessBuilder(command).start();
        String stdout;
        String stderr;
        try {
            p.getOutputStream().close();
            stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + stderr);

        Map<String, String> scalar = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                scalar.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        assertEquals("false", scalar.remove("vector"), "the child JVM should lack the Vector API");
        assertEquals(vector.keySet(), scalar.keySet());
        List<String> differing = new ArrayList<>();
        for (String name : vector.keySet()) {
            if (!vector.get(name).equals(scalar.get(name))) {
                differing.add(name);
            }
        }
        // only the contiguous-row dot form (n == 1 with row-major A, m == 1 with column-major B) and what depends on
        // it may round differently
        assertEquals(List.of(), differing.stream().filter(d -> !isDotForm(d)).toList(),
                "results that must be bit-identical differ");

        int warnings = stderr.split(VectorSupport.FLAG.replace(" ", "\\s"), -1).length - 1;
        assertEquals(1, warnings, "the fallback should warn exactly once, naming the flag; stderr:\n" + stderr);
    }

    private static boolean isDotForm(String name) {
        return name.startsWith("gemm 1x31x45 ") || name.startsWith("gemm 3x5x1 ");
    }
}
