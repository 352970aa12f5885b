package alf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

    private static StateDict state(long step) {
        StateDict net = new StateDict()
                .putTensor("fc1.weight", Tensor.randn(new Rng(step), 3, 2))
                .putTensor("counts", Tensor.of(new long[] {1, 2, 3}))
                .putTensor("half", Tensor.of(new float[] {1.5f, -2f}).to(DType.BFLOAT16));
        return new StateDict()
                .putDict("net", net)
                .putLong("step", step)
                .putDouble("lr", 3e-4)
                .putDouble("nan", Double.NaN)
                .putBoolean("flag", true)
                .putString("name", "sac")
                .putLongs("rng", new Rng(7).state())
                .putDoubles("returns", new double[] {-1.5, Double.NEGATIVE_INFINITY, 0.1 + 0.2})
                .putDicts("groups", List.of(new StateDict().putLong("n", 1),
                        new StateDict().putTensor("t", Tensor.of(new double[] {2.5}))));
    }

    @Test
    void everyValueTypeRoundTripsExactly(@TempDir Path dir) {
        Checkpointer ck = new Checkpointer(dir, 2);
        StateDict s = state(5);
        ck.save(5, s);
        Checkpointer.Loaded loaded = ck.loadLatest().orElseThrow();
        assertEquals(5, loaded.step());
        StateDict r = loaded.state();
        StateDict net = r.dict("net");
        assertArrayEquals(s.dict("net").tensor("fc1.weight").toFloatArray(), net.tensor("fc1.weight").toFloatArray());
        assertEquals(DType.INT64, net.tensor("counts").dtype());
        assertEquals(DType.BFLOAT16, net.tensor("half").dtype());
        assertEquals(5L, r.getLong("step"));
        assertEquals(3e-4, r.getDouble("lr"));
        assertTrue(Double.isNaN(r.getDouble("nan")));
        assertTrue(r.getBoolean("flag"));
        assertEquals("sac", r.string("name"));
        assertArrayEquals(new Rng(7).state(), r.longs("rng"));
        assertArrayEquals(new double[] {-1.5, Double.NEGATIVE_INFINITY, 0.1 + 0.2}, r.doubles("returns"));
        assertEquals(1L, r.dicts("groups").get(0).getLong("n"));
        assertArrayEquals(new double[] {2.5}, r.dicts("groups").get(1).tensor("t").toDoubleArray());
    }

    @Test
    void aMissingOrMistypedFieldIsNamedWithItsPathAndFile(@TempDir Path dir) {
        Checkpointer ck = new Checkpointer(dir, 1);
        Path file = ck.save(7, state(7));
        StateDict r = Checkpointer.load(file).state();
        StateDictException missing = assertThrows(StateDictException.class, () -> r.dict("rngs"));
        assertTrue(missing.getMessage().contains(file.toString()), missing.getMessage());
        assertTrue(missing.getMessage().contains("'rngs' is missing"), missing.getMessage());
        StateDictException nested = assertThrows(StateDictException.class, () -> r.dict("net").getLong("counts"));
        assertTrue(nested.getMessage().contains("'net/counts' is a tensor, expected a long"), nested.getMessage());
        StateDictException inList = assertThrows(StateDictException.class,
                () -> r.dicts("groups").get(1).tensor("u"));
        assertTrue(inList.getMessage().contains("'groups/1/u' is missing"), inList.getMessage());
    }

    @Test
    void keepsTheNewestValidOnesAndNeverCountsAGarbageFile(@TempDir Path dir) throws IOException {
        Checkpointer ck = new Checkpointer(dir, 2);
        ck.save(100, state(100));
        ck.save(200, state(200));
        ck.save(300, state(300));
        assertEquals(List.of(200L, 300L), ck.steps());
        Files.write(dir.resolve("ckpt-000000000300.safetensors"), new byte[] {1, 2, 3});
        assertEquals(200, ck.loadLatest().orElseThrow().step());
        Files.write(dir.resolve(".ckpt-000000000400.safetensors.123.tmp"), new byte[] {9}); // a crash mid-write
        Files.write(dir.resolve("ckpt-000000000999.safetensors"), new byte[] {7, 7}); // garbage with a good name
        ck.save(400, state(400));
        // the kept two are the valid 200 and 400; the damaged 300 and the garbage 999 are left, not counted
        assertEquals(List.of(200L, 300L, 400L, 999L), ck.steps());
        assertEquals(400, ck.loadLatest().orElseThrow().step());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void aFlippedBitAnywhereFailsTheChecksumAndTheLoadFallsBack(@TempDir Path dir) throws IOException {
        Checkpointer ck = new Checkpointer(dir, 3);
        ck.save(1, state(1));
        Path newest = ck.save(2, state(2));
        byte[] bytes = Files.readAllBytes(newest);
        int[] positions = {bytes.length - 3, bytes.length / 2, 40};
        for (int position : positions) {
            byte[] damaged = bytes.clone();
            damaged[position] ^= 0x01;
            Files.write(newest, damaged);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpointer.load(newest));
            assertTrue(e.getMessage().contains(newest.toString()), e.getMessage());
            List<String> applied = new ArrayList<>();
            Checkpointer.Loaded loaded = ck.loadLatest(l -> applied.add(l.path().getFileName().toString()))
                    .orElseThrow();
            assertEquals(1, loaded.step(), "fell back past the damaged newest file (byte " + position + ")");
            assertEquals(List.of("ckpt-000000000001.safetensors"), applied);
        }
        byte[] weightFlip = bytes.clone();
        weightFlip[bytes.length - 3] ^= 0x01;
        Files.write(newest, weightFlip);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpointer.load(newest));
        assertTrue(e.getMessage().contains("fails its checksum"), e.getMessage());
    }

    @Test
    void aStoredStepThatDiffersFromTheFileNameIsReported(@TempDir Path dir) throws IOException {
        Checkpointer ck = new Checkpointer(dir, 3);
        ck.save(1, state(1));
        Path two = ck.save(2, state(2));
        Path renamed = ck.fileOf(5);
        Files.move(two, renamed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpointer.load(renamed));
        assertTrue(e.getMessage().contains("holds step 2, not the step 5"), e.getMessage());
        assertEquals(1, ck.loadLatest().orElseThrow().step());
    }

    @Test
    void stateThatDoesNotFitIsReportedAndTheLoadFallsBack(@TempDir Path dir) {
        Checkpointer ck = new Checkpointer(dir, 3);
        ck.save(1, state(1));
        ck.save(2, new StateDict().putLong("step", 2)); // lacks "net"
        Checkpointer.Loaded loaded = ck.loadLatest(l -> l.state().dict("net")).orElseThrow();
        assertEquals(1, loaded.step());
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> ck.loadLatest(l -> l.state().dict("missing")));
        assertTrue(none.getMessage().contains("ckpt-000000000002.safetensors") && none.getMessage().contains(
                "ckpt-000000000001.safetensors") && none.getMessage().contains("'missing' is missing"),
                none.getMessage());
    }

    @Test
    void aRefusalStopsTheSearch(@TempDir Path dir) {
        Checkpointer ck = new Checkpointer(dir, 3);
        ck.save(1, state(1));
        ck.save(2, state(2));
        List<Long> tried = new ArrayList<>();
        assertThrows(CheckpointRefusedException.class, () -> ck.loadLatest(l -> {
            tried.add(l.step());
            throw new CheckpointRefusedException("no");
        }));
        assertEquals(List.of(2L), tried);
    }

    @Test
    void aCheckpointOfVersion010IsRefusedNamingBothFormats(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ckpt-000000000100.safetensors");
        try (InputStream in = getClass().getResourceAsStream(
                "/checkpoints/format-0.1.0/ckpt-000000000100.safetensors")) {
            Files.copy(in, file);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpointer.load(file));
        assertTrue(e.getMessage().contains("written by an older version"), e.getMessage());
        assertTrue(e.getMessage().contains("format 1") && e.getMessage().contains("reads format "
                + Checkpointer.FORMAT), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        IllegalStateException resume = assertThrows(IllegalStateException.class,
                () -> new Checkpointer(dir, 1).loadLatest());
        assertTrue(resume.getMessage().contains("written by an older version"), resume.getMessage());
    }

    @Test
    void badKeysAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StateDict().putLong("a/b", 1));
        assertTrue(e.getMessage().contains("a/b"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StateDict().putLong("$x", 1));
        assertThrows(IllegalArgumentException.class, () -> new StateDict().putString("x", null));
        assertFalse(new StateDict().has("x"));
    }
}
