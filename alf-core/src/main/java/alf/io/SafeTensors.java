package alf.io;

import alf.tensor.Backends;
import alf.tensor.DType;
import alf.tensor.Device;
import alf.tensor.HostArrays;
import alf.tensor.Shapes;
import alf.tensor.Storage;
import alf.tensor.Tensor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, which PyTorch's
 * ecosystem reads and writes ({@code safetensors.torch.save_file} / {@code load_file}).
 *
 * <p>Layout: 8 bytes N (unsigned little-endian), N bytes of UTF-8 JSON header, then the data buffer. The header maps
 * each tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}} (byte offsets into the
 * data buffer, C order, little-endian elements) and may hold {@code "__metadata__": {string: string}}. Dtypes here:
 * F64, F32, F16, BF16, I64, I32, BOOL (one byte, 0/1).
 *
 * <p>Writing follows the reference serializer: tensors ordered by descending element size, then by name (so every
 * tensor's data is aligned to its element size), {@code __metadata__} first with keys sorted, compact JSON padded with
 * spaces to a multiple of 8 bytes; files are replaced atomically ({@link AtomicFiles}). Reading enforces the reference
 * reader's rules: header at most 100,000,000 bytes and valid UTF-8 JSON starting with '{', data offsets that tile the
 * buffer exactly (first at 0, each starting where the previous ended, sizes equal to numel × element size, last at the
 * end of the file).
 */
public final class SafeTensors {
    /** The reference reader's limit on the header size. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final String METADATA_KEY = "__metadata__";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SafeTensors() {
    }

    // ------------------------------------------------------------------ dtype names

    /** The safetensors name of {@code dtype} (F32, F64, F16, BF16, I32, I64, BOOL). */
    public static String formatName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
        };
    }

    /** The dtype of a safetensors dtype name; names this library has no dtype for are refused by name. */
    public static DType dtypeOf(String name) {
        return switch (name) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "F16" -> DType.FLOAT16;
            case "BF16" -> DType.BFLOAT16;
            case "I32" -> DType.INT32;
            case "I64" -> DType.INT64;
            case "BOOL" -> DType.BOOL;
            default -> throw new IllegalArgumentException("safetensors dtype '" + name
                    + "' is not supported (supported: F64, F32, F16, BF16, I64, I32, BOOL)");
        };
    }

    // ------------------------------------------------------------------ writing

    /** Writes {@code tensors} to {@code path} atomically, without metadata. */
    public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
        write(path, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} and the string {@code metadata} to {@code path} atomically, streaming: the header, then
     * one tensor's bytes at a time, so a file may exceed what one Java array holds.
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Layout layout = layout(tensors, metadata);
        AtomicFiles.write(path, layout::writeTo);
    }

    /**
     * Streams the bytes of a safetensors file holding {@code tensors} and {@code metadata} to {@code out} (what
     * {@link #write(Path, Map, Map)} puts in the file), for example to digest them.
     */
    public static void writeTo(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        layout(tensors, metadata).writeTo(out);
    }

    /** The bytes of a safetensors file holding {@code tensors} and {@code metadata} (may be empty). */
    public static byte[] serialize(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Layout layout = layout(tensors, metadata);
        if (layout.totalBytes() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("safetensors: " + layout.totalBytes()
                    + " bytes do not fit one Java array (write the file with write(...), which streams)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) layout.totalBytes());
        try {
            layout.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A file's layout: the tensors in the reference writer's order and the padded header that describes them. */
    private record Layout(List<Map.Entry<String, Tensor>> entries, byte[] header, long dataBytes) {
        long totalBytes() {
            return 8L + header.length + dataBytes;
        }

        void writeTo(OutputStream out) throws IOException {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(length.array());
            out.write(header);
            for (Map.Entry<String, Tensor> e : entries) {
                out.write(toBytes(e.getValue()));
            }
        }
    }

    private static Layout layout(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors == null || metadata == null) {
            throw new IllegalArgumentException("safetensors: tensors and metadata must not be null (use Map.of())");
        }
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: invalid tensor name '" + name
                        + "' (must be non-empty and not '" + METADATA_KEY + "')");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("safetensors: tensor '" + name + "' is null");
            }
            entries.add(e);
        }
        // Reference order: larger elements first (keeps every tensor aligned to its element size), then by name.
        entries.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -order(e.getValue().dtype()))
                .thenComparing(Map.Entry::getKey));

        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                if (m.getValue() == null) {
                    throw new IllegalArgumentException("safetensors: metadata value for '" + m.getKey()
                            + "' is null");
                }
                meta.put(m.getKey(), m.getValue());
            }
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : entries) {
            Tensor t = e.getValue();
            long nbytes = (long) t.numel() * t.dtype().itemSize();
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", formatName(t.dtype()));
            ArrayNode shape = info.putArray("shape");
            for (int s : t.shape()) {
                shape.add(s);
            }
            info.putArray("data_offsets").add(offset).add(offset + nbytes);
            offset += nbytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("safetensors: cannot encode header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        return new Layout(entries, headerBytes, offset);
    }

    /** The reference writer's dtype rank (its enum order): ties broken by name, larger ranks written first. */
    private static int order(DType d) {
        return switch (d) {
            case BOOL -> 0;
            case FLOAT16 -> 7;
            case BFLOAT16 -> 8;
            case INT32 -> 9;
            case FLOAT32 -> 11;
            case FLOAT64 -> 12;
            case INT64 -> 13;
        };
    }

    /** The elements of {@code t} in row-major order as little-endian bytes of its dtype. */
    private static byte[] toBytes(Tensor t) {
        Tensor c = t.detach().to(Device.CPU).contiguous();
        int n = c.numel();
        ByteBuffer b = ByteBuffer.allocate(n * c.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        // the storage's elements as a host array (float16/bfloat16 as raw bits), whatever backend holds them
        Object host = HostArrays.allocate(c.dtype(), c.storage().size());
        c.storage().copyToHost(host);
        int off = c.offset();
        switch (c.dtype()) {
            case FLOAT32 -> b.asFloatBuffer().put((float[]) host, off, n);
            case FLOAT64 -> b.asDoubleBuffer().put((double[]) host, off, n);
            case FLOAT16, BFLOAT16 -> b.asShortBuffer().put((short[]) host, off, n);
            case INT32 -> b.asIntBuffer().put((int[]) host, off, n);
            case INT64 -> b.asLongBuffer().put((long[]) host, off, n);
            case BOOL -> putBools(b, Arrays.copyOfRange((boolean[]) host, off, off + n));
        }
        return b.array();
    }

    private static void putBools(ByteBuffer b, boolean[] a) {
        for (int i = 0; i < a.length; i++) {
            b.put(i, (byte) (a[i] ? 1 : 0));
        }
    }

    // ------------------------------------------------------------------ reading

    /** The tensors of the safetensors file at {@code path}, in data order (each a new CPU tensor). */
    public static LinkedHashMap<String, Tensor> read(Path path) throws IOException {
        return new LinkedHashMap<>(readFile(path).tensors());
    }

    /**
     * The tensors and metadata of the safetensors file at {@code path}, read through a channel one tensor at a time
     * (a file may exceed what one Java array holds; each tensor may not).
     */
    public static SafeTensorsFile readFile(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer prefix = readFully(ch, 0, (int) Math.min(8, size));
            // read no more header than the file holds; parse() reports a declared length that does not fit
            long declared = size < 8 ? 0 : prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            int available = (int) Math.max(0, Math.min(declared, Math.min(MAX_HEADER_BYTES, size - 8)));
            ByteBuffer headerBytes = readFully(ch, 8, available);
            return parse(size, prefix, headerBytes, (position, length) -> readFully(ch, position, length));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("safetensors file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Parses the bytes of a safetensors file, validating them as the reference reader does. */
    public static SafeTensorsFile deserialize(byte[] bytes) {
        ByteBuffer all = ByteBuffer.wrap(bytes);
        ByteBuffer prefix = ByteBuffer.wrap(bytes, 0, Math.min(8, bytes.length)).slice();
        long declared = bytes.length < 8 ? 0 : all.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        int available = (int) Math.max(0, Math.min(declared, Math.min(MAX_HEADER_BYTES, bytes.length - 8L)));
        ByteBuffer header = ByteBuffer.wrap(bytes, Math.min(8, bytes.length), available).slice();
        try {
            return parse(bytes.length, prefix, header,
                    (position, length) -> all.duplicate().position((int) position).limit((int) position + length)
                            .slice());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random access to a file's bytes. */
    @FunctionalInterface
    private interface ByteSource {
        ByteBuffer read(long position, int length) throws IOException;
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IllegalArgumentException("file ends at byte " + (position + b.position()) + ", "
                        + (length - b.position()) + " bytes early");
            }
        }
        return b.flip();
    }

    /**
     * Validates and reads a file of {@code size} bytes whose first (up to) 8 bytes are {@code prefix} and whose header
     * bytes are {@code headerBytes}; tensor data comes from {@code data}.
     */
    private static SafeTensorsFile parse(long size, ByteBuffer prefix, ByteBuffer headerBytes, ByteSource data)
            throws IOException {
        if (size < 8) {
            throw new IllegalArgumentException("file of " + size + " bytes is too small for the 8-byte "
                    + "header length");
        }
        long n = prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (8 + n > size) {
            throw new IllegalArgumentException("header length " + n + " runs past the end of the " + size
                    + "-byte file");
        }
        long headerEnd = 8 + n;
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes.duplicate());
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new IllegalArgumentException("header must start with '{', got "
                    + (text.isEmpty() ? "an empty header" : "'" + text.charAt(0) + "'"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("header must be a JSON object");
        }
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA_KEY)) {
                readMetadata(f.getValue(), metadata);
            } else {
                entries.add(parseEntry(f.getKey(), f.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long dataLength = size - headerEnd;
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected || e.end() < e.begin()) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' has data_offsets [" + e.begin() + ", "
                        + e.end() + "] but the next free byte is " + expected
                        + " (offsets must tile the data buffer without gaps or overlaps)");
            }
            long nbytes = (long) e.numel() * e.dtype().itemSize();
            if (e.end() - e.begin() != nbytes) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' of dtype " + formatName(e.dtype())
                        + " and shape " + Arrays.toString(e.shape()) + " needs " + nbytes + " bytes, but its"
                        + " data_offsets span " + (e.end() - e.begin()));
            }
            if (e.end() > dataLength) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' ends at data byte " + e.end()
                        + " but the data buffer has only " + dataLength + " bytes");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw new IllegalArgumentException("the tensors cover " + expected + " data bytes but the file has "
                    + dataLength + " after the header");
        }
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            long nbytes = e.end() - e.begin();
            if (nbytes > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' has " + nbytes
                        + " bytes, more than one Java array holds");
            }
            tensors.put(e.name(), fromBytes(e, data.read(headerEnd + e.begin(), (int) nbytes), 0));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    /** One parsed header entry. */
    private record Entry(String name, DType dtype, int[] shape, int numel, long begin, long end) {
    }

    private static Entry parseEntry(String name, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("header entry '" + name + "' must be an object, got " + node);
        }
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray()) {
            throw new IllegalArgumentException("header entry '" + name + "' needs string 'dtype', array 'shape' and "
                    + "array 'data_offsets', got " + node);
        }
        DType dt;
        try {
            dt = dtypeOf(dtype.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
        }
        int[] dims = new int[shape.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + name + "': shape entries must be non-negative "
                        + "integers, got " + shape);
            }
            dims[i] = (int) d.asLong();
            numel *= dims[i];
            if (numel > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor '" + name + "': shape " + shape + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        if (offsets.size() != 2 || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()
                || offsets.get(0).asLong() < 0 || offsets.get(1).asLong() < 0) {
            throw new IllegalArgumentException("tensor '" + name + "': data_offsets must be two non-negative "
                    + "integers [begin, end], got " + offsets);
        }
        return new Entry(name, dt, dims, (int) numel, offsets.get(0).asLong(), offsets.get(1).asLong());
    }

    private static void readMetadata(JsonNode node, Map<String, String> out) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("'" + METADATA_KEY + "' must be an object of strings, got " + node);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' values must be strings, got "
                        + m.getKey() + "=" + m.getValue());
            }
            out.put(m.getKey(), m.getValue().asText());
        }
    }

    private static Tensor fromBytes(Entry e, ByteBuffer file, int start) {
        int n = e.numel();
        ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position(start);
        b.limit(start + n * e.dtype().itemSize());
        b = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        Object host = switch (e.dtype()) {
            case FLOAT32 -> {
                float[] a = new float[n];
                b.asFloatBuffer().get(a);
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                b.asDoubleBuffer().get(a);
                yield a;
            }
            case FLOAT16, BFLOAT16 -> {
                short[] a = new short[n];
                b.asShortBuffer().get(a);
                yield a;
            }
            case INT32 -> {
                int[] a = new int[n];
                b.asIntBuffer().get(a);
                yield a;
            }
            case INT64 -> {
                long[] a = new long[n];
                b.asLongBuffer().get(a);
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    byte v = b.get(i);
                    if (v != 0 && v != 1) {
                        throw new IllegalArgumentException("tensor '" + e.name() + "': BOOL byte " + i + " is " + v
                                + " (must be 0 or 1)");
                    }
                    a[i] = v == 1;
                }
                yield a;
            }
        };
        Storage storage = Backends.host().fromHost(e.dtype(), host);
        return Tensor.rawView(storage, e.shape(), Shapes.contiguousStrides(e.shape()), 0);
    }
}
