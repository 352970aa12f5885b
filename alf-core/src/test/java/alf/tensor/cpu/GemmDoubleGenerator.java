package alf.tensor.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Derives the float64 section of {@link Gemm} from its float32 section (Java has no generics over primitives, so the
 * two kernels are one source written twice). Edit the float32 section, then run
 * {@code java alf.tensor.cpu.GemmDoubleGenerator alf-core/src/main/java/alf/tensor/cpu/Gemm.java} (from the test
 * classes) to rewrite the float64 section; {@code GemmSourceTest} fails while they disagree.
 */
public final class GemmDoubleGenerator {
    private GemmDoubleGenerator() {
    }

    private static final String[][] RULES = {
        {"\\bfloat32\\b", "float64"}, {"\\bFloat", "Double"}, {"\\bfloat\\b", "double"}, {"(?<=[0-9])f\\b", "d"},
        {"\\bFS\\b", "DS"}, {"\\bFV\\b", "DV"}, {"\\bsgemm", "dgemm"}, {"\\bsgemv", "dgemv"}, {"FLOAT_", "DOUBLE_"},
        {"\\bF_", "D_"}, {"Float\\b", "Double"}};

    /** The float64 twin of one line of the float32 section. */
    static String toDouble(String line) {
        String l = line;
        for (String[] r : RULES) {
            l = Pattern.compile(r[0]).matcher(l).replaceAll(r[1]);
        }
        return l;
    }

    /** [start, end) line indices of the section under the banner {@code // title}. */
    static int[] section(List<String> lines, String title) {
        int banner = lines.indexOf("    // " + title);
        if (banner < 0) {
            throw new IllegalStateException("Gemm.java has no section '" + title + "'");
        }
        int start = banner + 2;
        int end = start;
        while (!(lines.get(end).startsWith("    // ----") && lines.get(end + 1).startsWith("    // ")
                && !lines.get(end + 1).startsWith("    // ----"))) {
            end++;
        }
        return new int[] {start, end};
    }

    /** The float64 section as the float32 section implies it. */
    static List<String> expectedDoubleSection(List<String> lines) {
        int[] f = section(lines, "float32");
        List<String> out = new ArrayList<>();
        for (String l : lines.subList(f[0], f[1])) {
            out.add(toDouble(l));
        }
        return out;
    }

    /** Rewrites the float64 section of the Gemm.java at {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        List<String> generated = expectedDoubleSection(lines);
        int[] d = section(lines, "float64");
        List<String> out = new ArrayList<>(lines.subList(0, d[0]));
        out.addAll(generated);
        out.addAll(lines.subList(d[1], lines.size()));
        Files.write(file, out, StandardCharsets.UTF_8);
    }
}
