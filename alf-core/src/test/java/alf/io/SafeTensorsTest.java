package alf.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.tensor.DType;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SafeTensorsTest.class.getResourceAsStream("/safetensors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /safetensors/" + name);
            }
            return in.readAllBytes();
        }
    }

    static JsonNode reference() throws IOException {
        return new ObjectMapper().readTree(resource("torch_reference.json"));
    }

    /** Bit-exact comparison (distinguishes −0.0 and compares NaN by position). */
    private static void assertSameValues(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        if (expected.dtype() == DType.INT64) {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what);
        } else if (expected.dtype() == DType.BOOL) {
            assertArrayEquals(expected.toBooleanArray(), actual.toBooleanArray(), what);
        } else {
            double[] e = expected.toDoubleArray();
            double[] a = actual.toDoubleArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(0, Double.compare(e[i], a[i]), what + "[" + i + "]: " + e[i] + " vs " + a[i]);
            }
        }
    }

    private static LinkedHashMap<String, Tensor> everyDtype() {
        LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
        m.put("f64", Tensor.of(new double[] {1.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, 1e-310, Math.PI}, 2, 3));
        m.put("f32", Tensor.randn(new Rng(1), 3, 4));
        m.put("f16", Tensor.of(new double[] {1.0, -2.0, 65504.0, 6e-8, 0.1, Double.POSITIVE_INFINITY}, DType.FLOAT16,
                6));
        m.put("bf16", Tensor.of(new double[] {1.0, -3e38, 1e-40, 0.1}, DType.BFLOAT16, 2, 2));
        m.put("i64", Tensor.of(new long[] {Long.MIN_VALUE, -1, 0, 1L << 60, Long.MAX_VALUE}));
        m.put("i32", Tensor.of(new int[] {Integer.MIN_VALUE, -7, 0, Integer.MAX_VALUE}, 2, 2));
        m.put("bool", Tensor.of(new boolean[] {true, false, true}));
        m.put("scalar", Tensor.scalar(2.5, DType.FLOAT64));
        m.put("empty", Tensor.zeros(0, 3));
        return m;
    }

    @Test
    void everyDtypeRoundTripsBitExactly() throws IOException {
        LinkedHashMap<String, Tensor> in = everyDtype();
        Path file = dir.resolve("all.safetensors");
        SafeTensors.write(file, in, Map.of("format", "pt", "note", "ünïcode"));
        SafeTensorsFile read = SafeTensors.readFile(file);
        assertEquals(in.keySet(), read.tensors().keySet());
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            assertSameValues(e.getKey(), e.getValue(), read.tensors().get(e.getKey()));
        }
        assertEquals(Map.of("format", "pt", "note", "ünïcode"), read.metadata());
        assertEquals(0, read.tensors().get("scalar").dim());
    }

    @Test
    void layoutFollowsTheReferenceWriter() throws IOException {
        byte[] bytes = SafeTensors.serialize(everyDtype(), Map.of("b", "2", "a", "1"));
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\"},"), header);
        String json = header.stripTrailing();
        assertTrue(json.endsWith("}") && header.length() - json.length() < 8, "only padding spaces follow the JSON");
        // data order: I64, F64 (8 bytes), F32 (4), I32, BF16, F16, BOOL; ties by name ("empty" < "f32").
        JsonNode h = new ObjectMapper().readTree(header);
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = h.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        assertEquals(List.of("__metadata__", "i64", "f64", "scalar", "empty", "f32", "i32", "bf16", "f16", "bool"),
                names);
        long offset = 0;
        for (String name : names.subList(1, names.size())) {
            JsonNode off = h.get(name).get("data_offsets");
            assertEquals(offset, off.get(0).asLong(), name);
            int size = SafeTensors.dtypeOf(h.get(name).get("dtype").asText()).itemSize();
            assertEquals(0, (8 + n + offset) % size, name + " is aligned to its element size");
            offset = off.get(1).asLong();
        }
        assertEquals(bytes.length, 8 + n + offset);
    }

    @Test
    void serializationMatchesTheReferenceImplementationBytes() {
        // Expected bytes of the reference Rust crate's own serialization tests: one F32 tensor [1, 2, 3] holding
        // 0..5, named "attn.0" (a 64-byte header, no padding) and "attn0" with shape [1, 1, 2, 3] (7 pad spaces).
        Tensor data = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
        byte[] a = SafeTensors.serialize(Map.of("attn.0", data), Map.of());
        String headerA = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertArrayEquals(expected(headerA, data), a);
        byte[] b = SafeTensors.serialize(Map.of("attn0", data.reshape(1, 1, 2, 3)), Map.of());
        String headerB = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ";
        assertArrayEquals(expected(headerB, data), b);
        // Empty file with metadata: 8-byte length 40, then {"__metadata__":{"framework":"pt"}} and 5 spaces.
        byte[] c = SafeTensors.serialize(Map.of(), Map.of("framework", "pt"));
        assertArrayEquals(expected("{\"__metadata__\":{\"framework\":\"pt\"}}     ", Tensor.zeros(0)), c);
        assertArrayEquals(expected("{}      ", Tensor.zeros(0)), SafeTensors.serialize(Map.of(), Map.of()));
    }

    private static byte[] expected(String header, Tensor f32) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        float[] v = f32.toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    @Test
    void nonContiguousTensorsAreWrittenInLogicalOrder() {
        Tensor base = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor t = base.t();
        Tensor narrowed = base.narrow(1, 1, 2);
        SafeTensorsFile f = SafeTensors.deserialize(SafeTensors.serialize(Map.of("t", t, "n", narrowed), Map.of()));
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, f.tensors().get("t").toFloatArray());
        assertArrayEquals(new float[] {2, 3, 5, 6}, f.tensors().get("n").toFloatArray());
        Tensor row = base.select(0, 1);
        assertArrayEquals(new float[] {4, 5, 6},
                SafeTensors.deserialize(SafeTensors.serialize(Map.of("r", row), Map.of())).tensors().get("r")
                        .toFloatArray(), "a contiguous view with an offset");
    }

    @Test
    void readsEveryDtypeWrittenByPyTorch() throws IOException {
        JsonNode expected = reference().get("dtypes");
        SafeTensorsFile f = SafeTensors.deserialize(resource("torch_dtypes.safetensors"));
        assertEquals(expected.size(), f.tensors().size());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Tensor actual = f.tensors().get(e.getKey());
            assertSameValues(e.getKey(), Conformance.tensor(e.getValue()), actual);
        }
        assertEquals(DType.BFLOAT16, f.tensors().get("bf16").dtype());
        assertEquals(0, f.tensors().get("f32_scalar").dim());
        assertEquals(Long.MIN_VALUE, f.tensors().get("i64").toLongArray()[3]);
        assertTrue(f.metadata().isEmpty());
    }

    @Test
    void rewritingAPyTorchFileReproducesItsBytes() throws IOException {
        // The generator writes like the reference writer, so the Java writer must reproduce its files exactly.
        for (String name : List.of("torch_dtypes.safetensors", "torch_mlp.safetensors")) {
            byte[] original = resource(name);
            SafeTensorsFile f = SafeTensors.deserialize(original);
            assertArrayEquals(original, SafeTensors.serialize(f.tensors(), f.metadata()), name);
        }
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporaries() throws IOException {
        Path file = dir.resolve("sub/dir/w.safetensors");
        SafeTensors.write(file, Map.of("a", Tensor.ones(2)));
        SafeTensors.write(file, Map.of("b", Tensor.zeros(3)));
        assertEquals(List.of("b"), List.copyOf(SafeTensors.read(file).keySet()));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void writerRejectsInvalidNames() {
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.serialize(Map.of("__metadata__", Tensor.ones(1)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.serialize(Map.of("", Tensor.ones(1)),
                Map.of()));
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static void assertRejected(byte[] bytes, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.deserialize(bytes));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + f + "' not in: " + e.getMessage());
        }
    }

    @Test
    void malformedFilesAreRejectedWithPreciseMessages() {
        assertRejected(new byte[5], "5 bytes");
        byte[] huge = new byte[16];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L);
        assertRejected(huge, "200000000", "limit");
        byte[] past = new byte[16];
        ByteBuffer.wrap(past).order(ByteOrder.LITTLE_ENDIAN).putLong(100);
        assertRejected(past, "runs past");
        assertRejected(file("[1, 2]  ", 0), "must start with '{'");
        assertRejected(file("{\"a\":", 0), "not valid JSON");
        String t = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},";
        assertRejected(file(t + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16),
                "not valid JSON", "Duplicate");
        assertRejected(file("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2), "'a'", "U8");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "'a'",
                "needs 12 bytes");
        assertRejected(file(t + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16), "'b'",
                "next free byte is 8");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12),
                "cover 8 data bytes", "12");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "only 4");
        assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "non-negative");
        assertRejected(file("{\"__metadata__\":{\"k\":1}}", 0), "must be strings");
        assertRejected(file("{\"a\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[0,1]}}", 0), "only 0");
        byte[] bool = file("{\"a\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1);
        bool[bool.length - 1] = 7;
        assertRejected(bool, "BOOL byte 0 is 7");
        byte[] badUtf8 = file("{\"\u00e9\":{}}", 0);
        badUtf8[10] = (byte) 0xC3;
        badUtf8[11] = (byte) 0x28;
        assertRejected(badUtf8, "UTF-8");
    }

    @Test
    void readErrorsNameTheFile() throws IOException {
        Path file = dir.resolve("broken.safetensors");
        Files.write(file, new byte[3]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("broken.safetensors"), e.getMessage());
        assertTrue(Arrays.asList("F64", "F32", "F16", "BF16", "I64", "I32", "BOOL").stream()
                .allMatch(n -> SafeTensors.formatName(SafeTensors.dtypeOf(n)).equals(n)));
    }
}
