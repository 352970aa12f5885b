package alf.tensor.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Derives the class body of {@code GemmDouble} (the float64 GEMM kernel) from that of {@code GemmFloat} (Java has no
 * generics over primitives, so the two kernels are one source written twice). The body is everything from the
 * {@code final class} line on; each file keeps its own package, imports and class comment. Edit GemmFloat.java, then
 * run {@code java alf.tensor.cpu.GemmDoubleGenerator alf-core/src/main/java/alf/tensor/cpu} (from the test classes)
 * to rewrite GemmDouble.java's body; {@code GemmSourceTest} fails while they disagree.
 */
public final class GemmDoubleGenerator {
    private GemmDoubleGenerator() {
    }

    private static final String[][] RULES = {
        {"\\bfloat32\\b", "float64"}, {"\\bFloat", "Double"}, {"\\bfloat\\b", "double"}, {"(?<=[0-9])f\\b", "d"},
        {"\\bFS\\b", "DS"}, {"\\bFV\\b", "DV"}, {"\\bsgemm", "dgemm"}, {"\\bsgemv", "dgemv"}, {"FLOAT_", "DOUBLE_"},
        {"\\bF_", "D_"}, {"Float\\b", "Double"}};

    /** The float64 twin of one line of the float32 kernel. */
    static String toDouble(String line) {
        String l = line;
        for (String[] r : RULES) {
            l = Pattern.compile(r[0]).matcher(l).replaceAll(r[1]);
        }
        return l;
    }

    /** The index of the {@code final class} line: the class body starts there. */
    static int bodyStart(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("final class ")) {
                return i;
            }
        }
        throw new IllegalStateException("no line starts with 'final class '");
    }

    /** GemmDouble's class body as GemmFloat's body implies it. */
    static List<String> expectedDoubleBody(List<String> floatLines) {
        List<String> out = new ArrayList<>();
        for (String l : floatLines.subList(bodyStart(floatLines), floatLines.size())) {
            out.add(toDouble(l));
        }
        return out;
    }

    /** Rewrites the class body of GemmDouble.java in the directory {@code args[0]} from GemmFloat.java there. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<String> floatLines = Files.readAllLines(dir.resolve("GemmFloat.java"), StandardCharsets.UTF_8);
        Path target = dir.resolve("GemmDouble.java");
        List<String> doubleLines = Files.readAllLines(target, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(doubleLines.subList(0, bodyStart(doubleLines)));
        out.addAll(expectedDoubleBody(floatLines));
        Files.write(target, out, StandardCharsets.UTF_8);
    }
}
