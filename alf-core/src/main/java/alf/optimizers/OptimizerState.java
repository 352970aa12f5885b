package alf.optimizers;

import alf.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to resume an optimizer bit-identically ({@link Optimizer#stateDict()},
 * {@link Optimizer#loadStateDict}): the optimizer's class name, its step count (the LR-schedule key), its own
 * hyper-parameters (numbers and booleans), and per group the group hyper-parameters and per-parameter state.
 * Only strings, numbers, booleans, lists, maps and tensors: a checkpoint writer can store it as JSON plus tensors.
 */
public record OptimizerState(String optimizer, long stepCount, Map<String, Object> hyperParameters,
                             List<GroupState> groups) {

    public OptimizerState {
        if (optimizer == null || optimizer.isEmpty()) {
            throw new IllegalArgumentException("OptimizerState: optimizer name is missing");
        }
        if (stepCount < 0) {
            throw new IllegalArgumentException("OptimizerState: stepCount must be >= 0, got " + stepCount);
        }
        hyperParameters = Map.copyOf(hyperParameters);
        groups = List.copyOf(groups);
    }

    /** This state as a checkpoint tree ({@link alf.io.Stateful}): groups and parameters keyed by their index. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("optimizer", optimizer);
        out.put("stepCount", stepCount);
        out.put("hyperParameters", new LinkedHashMap<>(hyperParameters));
        Map<String, Object> gs = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            GroupState group = groups.get(g);
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("hyperParameters", new LinkedHashMap<String, Object>(group.hyperParameters()));
            Map<String, Object> ps = new LinkedHashMap<>();
            for (int p = 0; p < group.parameters().size(); p++) {
                SavedParameterState sp = group.parameters().get(p);
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("step", sp.step());
                pm.put("tensors", new LinkedHashMap<String, Object>(sp.tensors()));
                ps.put(Integer.toString(p), pm);
            }
            gm.put("parameters", ps);
            gs.put(Integer.toString(g), gm);
        }
        out.put("groups", gs);
        return out;
    }

    /** The inverse of {@link #toMap()}. */
    @SuppressWarnings("unchecked")
    public static OptimizerState fromMap(Map<String, Object> map) {
        Map<String, Object> gs = (Map<String, Object>) require(map, "groups");
        List<GroupState> groups = new ArrayList<>();
        for (int g = 0; g < gs.size(); g++) {
            Map<String, Object> gm = (Map<String, Object>) require(gs, Integer.toString(g));
            Map<String, Double> hp = new LinkedHashMap<>();
            ((Map<String, Object>) require(gm, "hyperParameters")).forEach((k, v) -> hp.put(k, ((Number) v)
                    .doubleValue()));
            Map<String, Object> ps = (Map<String, Object>) require(gm, "parameters");
            List<SavedParameterState> params = new ArrayList<>();
            for (int p = 0; p < ps.size(); p++) {
                Map<String, Object> pm = (Map<String, Object>) require(ps, Integer.toString(p));
                Map<String, Tensor> tensors = new LinkedHashMap<>();
                ((Map<String, Object>) require(pm, "tensors")).forEach((k, v) -> tensors.put(k, (Tensor) v));
                params.add(new SavedParameterState(((Number) require(pm, "step")).longValue(), tensors));
            }
            groups.add(new GroupState(hp, params));
        }
        return new OptimizerState((String) require(map, "optimizer"), ((Number) require(map, "stepCount"))
                .longValue(), (Map<String, Object>) require(map, "hyperParameters"), groups);
    }

    private static Object require(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("OptimizerState: saved state lacks '" + key + "'");
        }
        return v;
    }
}
