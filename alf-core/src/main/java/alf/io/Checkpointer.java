package alf.io;

import alf.tensor.Tensor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes, verifies and finds training checkpoints: one safetensors file per checkpoint,
 * {@code ckpt-<step>.safetensors}, holding every tensor of a {@link StateDict} under its slash-separated path, and
 * in the file's {@code __metadata__}:
 * <ul>
 *   <li>{@code alf_format}: the checkpoint format ({@link #FORMAT}); files of another format are refused with a
 *       message naming both formats (0.1.0 wrote format 1, which had no such entry);</li>
 *   <li>{@code alf_step}: the step, which must equal the one in the file name;</li>
 *   <li>{@code alf_state}: the rest of the tree (numbers, strings, arrays, and references to the tensors) as JSON;
 *       doubles as shortest round-trip decimals (exact), non-finite ones as strings;</li>
 *   <li>{@code alf_sha256}: the SHA-256 of the whole file with these 64 hex digits replaced by zeros, verified on
 *       every load, so a flipped bit anywhere (weights, header, state) is caught.</li>
 * </ul>
 * Files are written atomically ({@link AtomicFiles}); only the newest {@code keep} <em>valid</em> checkpoints are
 * kept (a damaged or foreign file matching the name is reported and neither counted nor deleted), so a crash at any
 * moment leaves the last good checkpoint, and {@link #loadLatest(Consumer)} falls back past checkpoints that cannot
 * be read or applied, naming each.
 */
public final class Checkpointer {
    /** The checkpoint format this build writes and reads. */
    public static final int FORMAT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d+)\\.safetensors");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORMAT_KEY = "alf_format";
    private static final String STEP_KEY = "alf_step";
    private static final String STATE_KEY = "alf_state";
    private static final String DIGEST_KEY = "alf_sha256";
    private static final String ZERO_DIGEST = "0".repeat(64);
    /** How the digest entry appears in the compact JSON header (unique: other quotes inside strings are escaped). */
    private static final byte[] DIGEST_FIELD = ("\"" + DIGEST_KEY + "\":\"").getBytes(StandardCharsets.US_ASCII);

    private final Path directory;
    private final int keep;
    /** Checkpoint files known to be valid (written or verified here), with their size and time then. */
    private final Map<Path, Stamp> verified = new HashMap<>();

    /** A file's size and modification time: a file that still has them need not be verified again. */
    private record Stamp(long size, FileTime modified) {
        static Stamp of(Path file) throws IOException {
            return new Stamp(Files.size(file), Files.getLastModifiedTime(file));
        }
    }

    /** A checkpoint read back and verified: where it was, its step, and its state tree. */
    public record Loaded(Path path, long step, StateDict state) {
    }

    public Checkpointer(Path directory, int keep) {
        if (keep <= 0) {
            throw new IllegalArgumentException("Checkpointer: keep must be positive, got " + keep);
        }
        this.directory = directory;
        this.keep = keep;
    }

    public Path directory() {
        return directory;
    }

    /** The file of the checkpoint of {@code step}. */
    public Path fileOf(long step) {
        return directory.resolve(String.format("ckpt-%012d.safetensors", step));
    }

    /** Writes the checkpoint of {@code step} atomically, then deletes all but the newest {@code keep} valid ones. */
    public Path save(long step, StateDict state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        JsonNode tree = encode(state, "", tensors);
        Path file = fileOf(step);
        try {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put(FORMAT_KEY, Integer.toString(FORMAT));
            metadata.put(STEP_KEY, Long.toString(step));
            metadata.put(STATE_KEY, JSON.writeValueAsString(tree));
            metadata.put(DIGEST_KEY, ZERO_DIGEST);
            MessageDigest sha = sha256();
            try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                SafeTensors.writeTo(sink, tensors, metadata);
            }
            metadata.put(DIGEST_KEY, HexFormat.of().formatHex(sha.digest()));
            SafeTensors.write(file, tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e, e);
        }
        remember(file);
        prune();
        return file;
    }

    /** Steps of the files named like checkpoints, oldest first (whether or not they are valid). */
    public List<Long> steps() {
        List<Long> steps = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return steps;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    steps.add(Long.parseLong(m.group(1)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + directory, e);
        }
        steps.sort(null);
        return steps;
    }

    /**
     * The newest valid checkpoint, or empty when there is none; damaged newer files are skipped silently (this only
     * asks where a run stands: {@link #loadLatest(Consumer)} reports them when a resume meets them).
     */
    public Optional<Loaded> latestValid() {
        List<Long> steps = steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Path file = fileOf(steps.get(i));
            try {
                return Optional.of(load(file));
            } catch (RuntimeException e) {
                LOG.debug("skipping checkpoint {}: {}", file, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Loads the newest checkpoint that verifies and that {@code apply} accepts, falling back to older ones past any
     * that fail (each reported by name with its reason). Empty when there are no checkpoint files; when there are
     * some but none is usable, an {@link IllegalStateException} lists every file and why. A
     * {@link CheckpointRefusedException} from {@code apply} stops the search at once.
     */
    public Optional<Loaded> loadLatest(Consumer<Loaded> apply) {
        List<Long> steps = steps();
        List<String> problems = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Path file = fileOf(steps.get(i));
            try {
                Loaded loaded = load(file);
                apply.accept(loaded);
                return Optional.of(loaded);
            } catch (CheckpointRefusedException e) {
                throw e;
            } catch (RuntimeException e) {
                String why = e.getMessage() != null && e.getMessage().contains(file.getFileName().toString())
                        ? e.getMessage() : file + ": " + e.getMessage();
                problems.add(why);
                LOG.warn("{}{}", why, i > 0 ? "; trying the previous checkpoint" : "");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("no usable checkpoint in " + directory + ":\n  "
                    + String.join("\n  ", problems));
        }
        return Optional.empty();
    }

    /** {@link #loadLatest(Consumer)} that only verifies the files. */
    public Optional<Loaded> loadLatest() {
        return loadLatest(loaded -> { });
    }

    /**
     * Reads and verifies one checkpoint file: its format, its checksum, and that its stored step matches its name.
     * Every failure names the file.
     */
    public static Loaded load(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        SafeTensorsFile contents;
        String actualDigest;
        try {
            actualDigest = digestWithZeroedField(file);
            contents = SafeTensors.readFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + file + " is damaged: " + e.getMessage(), e);
        }
        Map<String, String> meta = contents.metadata();
        String format = meta.get(FORMAT_KEY);
        if (format == null) {
            if (meta.containsKey(STATE_KEY)) {
                throw new IllegalArgumentException("checkpoint " + file + " was written by an older version of ALF "
                        + "for Java (checkpoint format 1, 0.1.0); this build reads format " + FORMAT
                        + ": retrain the run, or resume it with the version that wrote it");
            }
            throw new IllegalArgumentException(file + " is not an ALF checkpoint (no '" + FORMAT_KEY
                    + "' metadata)");
        }
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new IllegalArgumentException("checkpoint " + file + " has checkpoint format " + format
                    + "; this build reads format " + FORMAT);
        }
        String storedDigest = require(meta, DIGEST_KEY, file);
        if (!storedDigest.equals(actualDigest)) {
            throw new IllegalArgumentException("checkpoint " + file + " fails its checksum (SHA-256 stored "
                    + storedDigest + ", computed " + actualDigest + "): the file is damaged");
        }
        long step;
        try {
            step = Long.parseLong(require(meta, STEP_KEY, file));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": '" + STEP_KEY + "' is not a number");
        }
        if (name.matches() && Long.parseLong(name.group(1)) != step) {
            throw new IllegalArgumentException("checkpoint " + file + " holds step " + step
                    + ", not the step " + Long.parseLong(name.group(1)) + " its name says");
        }
        try {
            JsonNode tree = JSON.readTree(require(meta, STATE_KEY, file));
            StateDict state = StateDict.readFrom("checkpoint " + file);
            decodeInto(state, tree, contents.tensors(), file);
            return new Loaded(file, step, state);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot parse the state of checkpoint " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private static String require(Map<String, String> meta, String key, Path file) {
        String v = meta.get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint " + file + " lacks its '" + key + "' metadata");
        }
        return v;
    }

    /** SHA-256 of the file with the hex digits of its {@code alf_sha256} entry (if any) replaced by zeros. */
    private static String digestWithZeroedField(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IllegalArgumentException("it has only " + size + " bytes");
            }
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, prefix, 0);
            long headerLength = prefix.getLong(0);
            if (headerLength < 0 || headerLength > Math.min(SafeTensors.MAX_HEADER_BYTES, size - 8)) {
                throw new IllegalArgumentException("its header length " + headerLength + " does not fit its "
                        + size + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, 8);
            byte[] headerBytes = header.array();
            int at = indexOf(headerBytes, DIGEST_FIELD);
            if (at >= 0 && at + DIGEST_FIELD.length + 64 <= headerBytes.length) {
                for (int i = 0; i < 64; i++) {
                    headerBytes[at + DIGEST_FIELD.length + i] = '0';
                }
            }
            sha.update(prefix.array());
            sha.update(headerBytes);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            long position = 8 + headerLength;
            while (position < size) {
                chunk.clear();
                int n = ch.read(chunk, position);
                if (n < 0) {
                    break;
                }
                sha.update(chunk.array(), 0, n);
                position += n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, at);
            if (n < 0) {
                throw new IllegalArgumentException("it ends early, at byte " + at);
            }
            at += n;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }

    /**
     * Deletes temporary files of interrupted writes, then all but the newest {@code keep} checkpoints that verify;
     * files that do not verify are reported and left alone (they are not counted).
     */
    private void prune() {
        AtomicFiles.deleteStaleTemporaries(directory);
        List<Long> steps = steps();
        int valid = 0;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Path file = fileOf(steps.get(i));
            if (!isValid(file)) {
                continue;
            }
            valid++;
            if (valid > keep) {
                try {
                    Files.deleteIfExists(file);
                    verified.remove(file);
                } catch (IOException e) {
                    LOG.warn("cannot delete old checkpoint {}: {}", file, e.getMessage());
                }
            }
        }
    }

    private boolean isValid(Path file) {
        try {
            if (Stamp.of(file).equals(verified.get(file))) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
        try {
            load(file);
            remember(file);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{} is not a valid checkpoint and is not counted among the {} kept: {}", file, keep,
                    e.getMessage());
            return false;
        }
    }

    private void remember(Path file) {
        try {
            verified.put(file, Stamp.of(file));
        } catch (IOException e) {
            verified.remove(file);
        }
    }

    // ------------------------------------------------------------------ tree encoding

    private static ObjectNode encode(StateDict dict, String path, Map<String, Tensor> tensors) {
        ObjectNode node = JSON.createObjectNode();
        for (String key : dict.keys()) {
            String childPath = path.isEmpty() ? key : path + "/" + key;
            node.set(key, encodeValue(dict.raw(key), childPath, tensors));
        }
        return node;
    }

    private static JsonNode encodeValue(Object value, String path, Map<String, Tensor> tensors) {
        if (value instanceof StateDict d) {
            return encode(d, path, tensors);
        }
        ObjectNode tagged = JSON.createObjectNode();
        if (value instanceof StateDict.DictList list) {
            ArrayNode arr = tagged.putArray("$list");
            for (int i = 0; i < list.items().size(); i++) {
                arr.add(encode(list.items().get(i), path + "/" + i, tensors));
            }
        } else if (value instanceof Tensor t) {
            tensors.put(path, t);
            tagged.put("$tensor", path);
        } else if (value instanceof Double d) {
            if (Double.isFinite(d)) {
                tagged.put("$double", d);
            } else {
                tagged.put("$double", Double.toString(d));
            }
        } else if (value instanceof Long l) {
            tagged.put("$long", l);
        } else if (value instanceof Boolean b) {
            tagged.put("$bool", b);
        } else if (value instanceof String s) {
            tagged.put("$string", s);
        } else if (value instanceof long[] a) {
            ArrayNode arr = tagged.putArray("$long[]");
            for (long v : a) {
                arr.add(v);
            }
        } else if (value instanceof double[] a) {
            ArrayNode arr = tagged.putArray("$double[]");
            for (double v : a) {
                if (Double.isFinite(v)) {
                    arr.add(v);
                } else {
                    arr.add(Double.toString(v));
                }
            }
        } else {
            throw new IllegalArgumentException("checkpoint state at '" + path + "' has a value of unsupported type "
                    + value.getClass().getName());
        }
        return tagged;
    }

    private static void decodeInto(StateDict dict, JsonNode node, Map<String, Tensor> tensors, Path file) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("malformed checkpoint state in " + file + " at '" + dict.path()
                    + "': " + node);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            dict.put(key, decodeValue(dict, key, node.get(key), tensors, file));
        }
    }

    private static Object decodeValue(StateDict parent, String key, JsonNode node, Map<String, Tensor> tensors,
            Path file) {
        if (node.isObject() && node.size() == 1) {
            String tag = node.fieldNames().next();
            JsonNode v = node.get(tag);
            switch (tag) {
                case "$tensor" -> {
                    Tensor t = tensors.get(v.asText());
                    if (t == null) {
                        throw parent.error(key, "refers to tensor '" + v.asText() + "', which the file lacks");
                    }
                    return t;
                }
                case "$double" -> {
                    return v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue();
                }
                case "$long" -> {
                    return v.longValue();
                }
                case "$bool" -> {
                    return v.booleanValue();
                }
                case "$string" -> {
                    return v.asText();
                }
                case "$long[]" -> {
                    long[] a = new long[v.size()];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = v.get(i).longValue();
                    }
                    return a;
                }
                case "$double[]" -> {
                    double[] a = new double[v.size()];
                    for (int i = 0; i < a.length; i++) {
                        JsonNode x = v.get(i);
                        a[i] = x.isTextual() ? Double.parseDouble(x.asText()) : x.doubleValue();
                    }
                    return a;
                }
                case "$list" -> {
                    List<StateDict> items = new ArrayList<>();
                    StateDict list = parent.child(key);
                    for (int i = 0; i < v.size(); i++) {
                        StateDict item = list.child(Integer.toString(i));
                        decodeInto(item, v.get(i), tensors, file);
                        items.add(item);
                    }
                    return new StateDict.DictList(List.copyOf(items));
                }
                default -> {
                    // a dictionary with a single ordinary key: fall through
                }
            }
        }
        StateDict child = parent.child(key);
        decodeInto(child, node, tensors, file);
        return child;
    }
}
