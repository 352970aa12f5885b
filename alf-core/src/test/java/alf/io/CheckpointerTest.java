package alf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

    private static Map<String, Object> state(long step) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("fc1.weight", Tensor.randn(new Rng(step), 3, 2));
        inner.put("counts", Tensor.of(new long[] {1, 2, 3}));
        inner.put("half", Tensor.of(new float[] {1.5f, -2f}).to(DType.BFLOAT16));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("net", inner);
        s.put("step", step);
        s.put("lr", 3e-4);
        s.put("nan", Double.NaN);
        s.put("flag", true);
        s.put("name", "sac");
        s.put("rng", new Rng(7).state());
        s.put("returns", new double[] {-1.5, Double.NEGATIVE_INFINITY, 0.1 + 0.2});
        return s;
    }

    @Test
    void everyValueTypeRoundTripsExactly(@TempDir Path dir) {
        Checkpointer ck = new Checkpointer(dir, 2);
        Map<String, Object> s = state(5);
        ck.save(5, s);
        Checkpointer.Loaded loaded = ck.loadLatest().orElseThrow();
        assertEquals(5, loaded.step());
        Map<String, Object> r = loaded.state();
        @SuppressWarnings("unchecked")
        Map<String, Object> net = (Map<String, Object>) r.get("net");
        @SuppressWarnings("unchecked")
        Map<String, Object> net0 = (Map<String, Object>) s.get("net");
        assertArrayEquals(((Tensor) net0.get("fc1.weight")).toFloatArray(), ((Tensor) net.get("fc1.weight")).toFloatArray());
        assertEquals(DType.INT64, ((Tensor) net.get("counts")).dtype());
        assertEquals(DType.BFLOAT16, ((Tensor) net.get("half")).dtype());
        assertEquals(5L, r.get("step"));
        assertEquals(3e-4, r.get("lr"));
        assertTrue(Double.isNaN((Double) r.get("nan")));
        assertEquals(true, r.get("flag"));
        assertEquals("sac", r.get("name"));
        assertArrayEquals(new Rng(7).state(), (long[]) r.get("rng"));
        assertArrayEquals(new double[] {-1.5, Double.NEGATIVE_INFINITY, 0.1 + 0.2}, (double[]) r.get("returns"));
    }

    @Test
    void keepsOnlyTheNewestAndFallsBackPastADamagedFile(@TempDir Path dir) throws IOException {
        Checkpointer ck = new Checkpointer(dir, 2);
        ck.save(100, state(100));
        ck.save(200, state(200));
        ck.save(300, state(300));
        assertEquals(List.of(200L, 300L), ck.steps());
        Files.write(dir.resolve("ckpt-000000000300.safetensors"), new byte[] {1, 2, 3});
        assertEquals(200, ck.loadLatest().orElseThrow().step());
        Files.write(dir.resolve(".ckpt-000000000400.safetensors.123.tmp"), new byte[] {9}); // a crash mid-write
        ck.save(400, state(400));
        assertEquals(List.of(300L, 400L), ck.steps());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void unsupportedValuesAndBadKeysAreNamed(@TempDir Path dir) {
        Checkpointer ck = new Checkpointer(dir, 1);
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("thing", new Object());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ck.save(1, bad));
        assertTrue(e.getMessage().contains("thing"), e.getMessage());
        Map<String, Object> badKey = new LinkedHashMap<>();
        badKey.put("a/b", 1L);
        assertThrows(IllegalArgumentException.class, () -> ck.save(1, badKey));
        assertTrue(ck.loadLatest().isEmpty());
    }
}
