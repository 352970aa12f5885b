package alf.io;

import alf.tensor.Tensor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and finds training checkpoints: one safetensors file per checkpoint, {@code ckpt-<step>.safetensors},
 * holding every tensor of a {@link Stateful} state tree under its slash-separated path, and the rest of the tree (numbers,
 * strings, arrays, and references to the tensors) as JSON in the file's {@code __metadata__} entry
 * {@code alf_state}. Files are written atomically ({@link AtomicFiles}) and only the newest {@code keep} are kept, so
 * a crash at any moment leaves the last good checkpoint. Doubles are stored as shortest round-trip decimals (exact);
 * non-finite ones as strings.
 */
public final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d+)\\.safetensors");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_KEY = "alf_state";

    private final Path directory;
    private final int keep;

    /** A checkpoint read back: where it was, its step, and its state tree. */
    public record Loaded(Path path, long step, Map<String, Object> state) {
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

    /** Writes the checkpoint of {@code step} atomically, then deletes all but the newest {@code keep}. */
    public Path save(long step, Map<String, Object> state) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        JsonNode tree = encode(state, "", tensors);
        Path file = directory.resolve(String.format("ckpt-%012d.safetensors", step));
        try {
            SafeTensors.write(file, tensors, Map.of(STATE_KEY, JSON.writeValueAsString(tree)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
        prune();
        return file;
    }

    /** Steps of the checkpoints present, oldest first. */
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

    /** The newest readable checkpoint (a damaged newest file is reported and the previous one used). */
    public Optional<Loaded> loadLatest() {
        List<Long> steps = steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Path file = directory.resolve(String.format("ckpt-%012d.safetensors", steps.get(i)));
            try {
                return Optional.of(new Loaded(file, steps.get(i), load(file)));
            } catch (RuntimeException e) {
                LOG.warn("checkpoint {} cannot be read ({}); trying the previous one", file, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Reads one checkpoint file's state tree. */
    public static Map<String, Object> load(Path file) {
        SafeTensorsFile contents;
        try {
            contents = SafeTensors.readFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
        String json = contents.metadata().get(STATE_KEY);
        if (json == null) {
            throw new IllegalArgumentException(file + " is not an ALF checkpoint (no '" + STATE_KEY + "' metadata)");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) decode(JSON.readTree(json), contents.tensors(), file);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the state of " + file, e);
        }
    }

    private void prune() {
        // temporary files of writes a crash interrupted (AtomicFiles names them .ckpt-<step>.safetensors.*.tmp)
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(".ckpt-") && n.endsWith(".tmp");
            }).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete stale temporary file {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", directory, e.getMessage());
        }
        List<Long> steps = steps();
        for (int i = 0; i < steps.size() - keep; i++) {
            try {
                Files.deleteIfExists(directory.resolve(String.format("ckpt-%012d.safetensors", steps.get(i))));
            } catch (IOException e) {
                LOG.warn("cannot delete old checkpoint {}: {}", steps.get(i), e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ tree encoding

    private static JsonNode encode(Object value, String path, Map<String, Tensor> tensors) {
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = JSON.createObjectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.startsWith("$") || key.contains("/")) {
                    throw new IllegalArgumentException("checkpoint state key '" + key + "' under '" + path
                            + "' may not start with '$' or contain '/'");
                }
                node.set(key, encode(e.getValue(), path.isEmpty() ? key : path + "/" + key, tensors));
            }
            return node;
        }
        ObjectNode tagged = JSON.createObjectNode();
        if (value instanceof Tensor t) {
            tensors.put(path, t);
            tagged.put("$tensor", path);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                tagged.put("$double", d);
            } else {
                tagged.put("$double", Double.toString(d));
            }
        } else if (value instanceof Long || value instanceof Integer) {
            tagged.put("$long", ((Number) value).longValue());
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
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return tagged;
    }

    private static Object decode(JsonNode node, Map<String, Tensor> tensors, Path file) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("malformed checkpoint state in " + file + ": " + node);
        }
        Iterator<String> names = node.fieldNames();
        if (node.size() == 1) {
            String tag = names.next();
            JsonNode v = node.get(tag);
            switch (tag) {
                case "$tensor" -> {
                    Tensor t = tensors.get(v.asText());
                    if (t == null) {
                        throw new IllegalArgumentException(file + ": tensor '" + v.asText() + "' is missing");
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
                default -> {
                    // a map with a single ordinary key: fall through
                }
            }
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(k -> map.put(k, decode(node.get(k), tensors, file)));
        return map;
    }
}
