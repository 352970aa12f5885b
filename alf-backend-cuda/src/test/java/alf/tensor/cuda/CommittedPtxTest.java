package alf.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX resource: it declares the ISA and target that scripts/gpu-ptx.sh promises, defines every kernel
 * the backend launches, assembles with {@code ptxas} (where ptxas is on the PATH) and is what the script makes from
 * the .cu sources today (where nvcc of the same release is on the PATH). Without the tools those checks skip, saying
 * so.
 */
class CommittedPtxTest {
    /** scripts/gpu-ptx.sh, found from the working directory upwards (the module under Maven, the root elsewhere). */
    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("scripts/gpu-ptx.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("scripts/gpu-ptx.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static String ptx() {
        return new String(CudaDevice.loadPtx(), StandardCharsets.US_ASCII).replace("\0", "");
    }

    @Test
    void declaresIsaEightAndComputeSeventyFiveAndEveryLaunchedKernel() {
        String text = ptx();
        assertTrue(text.contains("\n.version 8.0\n"), "PTX ISA 8.0 (CUDA 12.0 drivers and newer)");
        assertTrue(text.contains("\n.target sm_75\n"), "virtual architecture compute_75");
        for (String kernel : List.of("alf_fill", "alf_copy", "alf_unary", "alf_binary", "alf_where", "alf_reduce",
                "alf_arg_reduce", "alf_gather", "alf_scatter_add", "alf_index_select", "alf_matmul", "alf_random")) {
            assertTrue(text.contains(".entry " + kernel + "("), "kernel " + kernel + " is in the PTX");
        }
        assertTrue(text.contains(".global .align 4 .b8 alf_error[12]"), "the error word the host checks");
    }

    @Test
    void ptxasAssemblesTheCommittedPtx(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("ptxas"), "ptxas is not on the PATH: the committed PTX is not assembled here");
        Path ptx = tmp.resolve("k.ptx");
        Files.write(ptx, ptx().getBytes(StandardCharsets.US_ASCII));
        for (String arch : List.of("sm_75", "sm_90")) {
            Result r = run(tmp, "ptxas", "-arch=" + arch, ptx.toString(), "-o", tmp.resolve(arch + ".cubin").toString());
            assertEquals(0, r.code, "ptxas -arch=" + arch + " failed:\n" + r.output);
        }
    }

    @Test
    void committedPtxIsUpToDateWithTheCudaSources(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("nvcc") && onPath("ptxas"), "nvcc/ptxas are not on the PATH: PTX freshness not checked");
        String committedRelease = release(ptx());
        Result version = run(tmp, "nvcc", "--version");
        assumeTrue(version.output.contains(committedRelease), "the committed PTX was made by nvcc "
                + committedRelease + ", this machine has another release: regenerate it with scripts/gpu-ptx.sh");
        Path fresh = tmp.resolve("fresh.ptx");
        Result r = run(tmp, "bash", script().toString(), fresh.toString());
        assertEquals(0, r.code, "scripts/gpu-ptx.sh failed:\n" + r.output);
        assertEquals(ptx(), Files.readString(fresh, StandardCharsets.US_ASCII),
                "the committed PTX is stale: run scripts/gpu-ptx.sh and commit the result");
    }

    /** The "release X, VY" stamp nvcc writes into the PTX header. */
    private static String release(String ptx) {
        Matcher m = Pattern.compile("Cuda compilation tools, release [0-9.]+, V[0-9.]+").matcher(ptx);
        assertTrue(m.find(), "the PTX header names the nvcc release");
        return m.group().substring("Cuda compilation tools, ".length());
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int code, String output) {
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
