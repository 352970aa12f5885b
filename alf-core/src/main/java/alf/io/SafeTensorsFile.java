package alf.io;

import alf.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file: its tensors by name, in the order of their data in the file, and the free-form
 * string metadata of its {@code __metadata__} entry (empty when absent).
 *
 * @param tensors  name → tensor (unmodifiable)
 * @param metadata string key → string value (unmodifiable)
 */
public record SafeTensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
