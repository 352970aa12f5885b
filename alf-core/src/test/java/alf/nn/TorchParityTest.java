package alf.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.io.SafeTensors;
import alf.io.SafeTensorsFile;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state dict saved by PyTorch (safetensors, written by {@code gen_safetensors.py} with torch 1.13) loads into the
 * same architecture here, under PyTorch's key names, and the forward output matches PyTorch's.
 */
class TorchParityTest {
    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TorchParityTest.class.getResourceAsStream("/safetensors/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Sequential sameArchitecture() {
        Rng rng = new Rng(0);
        return new Sequential(new Linear(3, 8, rng), new ReLU(), new Linear(8, 8, rng), new Tanh(),
                new Linear(8, 2, rng));
    }

    @Test
    void pyTorchWeightsLoadAndForwardMatches() throws IOException {
        JsonNode ref = new ObjectMapper().readTree(resource("torch_reference.json")).get("mlp");
        Path file = dir.resolve("torch_mlp.safetensors");
        Files.write(file, resource("torch_mlp.safetensors"));
        assertEquals(Map.of("format", "pt"), SafeTensors.readFile(file).metadata());

        Sequential net = sameArchitecture();
        LoadResult r = net.loadSafetensors(file, true);
        assertTrue(r.isExactMatch());
        for (Iterator<Map.Entry<String, JsonNode>> it = ref.get("state").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Conformance.assertClose(e.getKey(), e.getValue(), net.namedParameters().get(e.getKey()), 0, 0);
        }
        Tensor x = Conformance.tensor(ref.get("input"));
        Tensor y = net.call(x);
        Conformance.assertClose("forward", ref.get("output"), y, 1e-5, 1e-6);
    }

    @Test
    void javaWrittenFileHoldsTheSameTensorsAsPyTorchs() throws IOException {
        Sequential net = sameArchitecture();
        Path torchFile = dir.resolve("torch.safetensors");
        Files.write(torchFile, resource("torch_mlp.safetensors"));
        net.loadSafetensors(torchFile, true);
        Path javaFile = dir.resolve("java.safetensors");
        net.saveSafetensors(javaFile);
        // Same key names, order, metadata and bytes as the PyTorch-side file: what torch wrote, Java writes.
        assertArrayEquals(Files.readAllBytes(torchFile), Files.readAllBytes(javaFile));
        SafeTensorsFile f = SafeTensors.readFile(javaFile);
        assertEquals(List.of("0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"),
                List.copyOf(f.tensors().keySet()));
    }
}
