package alf.environments.classic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a golden-trajectory file from {@code src/test/resources/conformance/} (strict JSON, see its README). */
final class ConformanceFile {

    final JsonNode root;

    private ConformanceFile(JsonNode root) {
        this.root = root;
    }

    static ConformanceFile load(String fileName) {
        String resource = "/conformance/" + fileName;
        try (InputStream in = ConformanceFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new ConformanceFile(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String envId() {
        return root.get("env_id").asText();
    }

    int maxEpisodeSteps() {
        return root.get("max_episode_steps").asInt();
    }

    List<JsonNode> trajectories() {
        List<JsonNode> out = new ArrayList<>();
        root.get("trajectories").forEach(out::add);
        return out;
    }

    JsonNode trajectory(String name) {
        for (JsonNode t : root.get("trajectories")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no trajectory " + name + " in " + envId());
    }

    /** A number, accepting the strings "NaN", "Infinity" and "-Infinity" the files use for non-finite values. */
    static double number(JsonNode n) {
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("not a number: " + n);
            };
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException("not a number: " + n);
        }
        return n.doubleValue();
    }

    static double[] vector(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(array.get(i));
        }
        return out;
    }

    /** An action as the simulators take it: a discrete int becomes a one-component vector. */
    static double[] action(JsonNode a) {
        return a.isArray() ? vector(a) : new double[] {number(a)};
    }
}
