package alf.io;

import alf.nn.Linear;
import alf.nn.ReLU;
import alf.nn.Sequential;
import alf.nn.Tanh;
import alf.tensor.Rng;
import alf.tensor.Tensor;
import alf.testing.Conformance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes safetensors files from Java for {@code src/test/resources/safetensors/check_java_written.py}, which loads
 * them with PyTorch (the cross-check that needs Python, kept out of the unit tests). Usage:
 * {@code java -cp <test classpath> alf.io.WriteJavaSafetensors OUT_DIR} writes {@code java_mlp.safetensors} (the
 * PyTorch MLP's weights loaded into ALF modules and saved by {@code Module.saveSafetensors}) and
 * {@code java_dtypes.safetensors} (tensors of every dtype built in Java from the reference JSON's numbers).
 */
public final class WriteJavaSafetensors {
    private WriteJavaSafetensors() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: WriteJavaSafetensors OUT_DIR");
        }
        Path out = Path.of(args[0]);
        JsonNode ref;
        try (InputStream in = WriteJavaSafetensors.class.getResourceAsStream("/safetensors/torch_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        Rng rng = new Rng(0);
        Sequential net = new Sequential(new Linear(3, 8, rng), new ReLU(), new Linear(8, 8, rng), new Tanh(),
                new Linear(8, 2, rng));
        LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ref.get("mlp").get("state").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            state.put(e.getKey(), Conformance.tensor(e.getValue()));
        }
        net.loadStateDict(state, true);
        net.saveSafetensors(out.resolve("java_mlp.safetensors"));

        LinkedHashMap<String, Tensor> dtypes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ref.get("dtypes").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            dtypes.put(e.getKey(), Conformance.tensor(e.getValue()));
        }
        SafeTensors.write(out.resolve("java_dtypes.safetensors"), dtypes, Map.of("writer", "alf-java"));
        System.out.println("wrote java_mlp.safetensors and java_dtypes.safetensors to " + out);
    }
}
