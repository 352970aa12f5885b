package alf.optimizers;

import alf.io.StateDict;
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
public record OptimizerState(String optimizer, long stepCount, OptimizerSettings hyperParameters,
                             List<GroupState> groups) {

    public OptimizerState {
        if (optimizer == null || optimizer.isEmpty()) {
            throw new IllegalArgumentException("OptimizerState: optimizer name is missing");
        }
        if (stepCount < 0) {
            throw new IllegalArgumentException("OptimizerState: stepCount must be >= 0, got " + stepCount);
        }
        if (hyperParameters == null) {
            throw new IllegalArgumentException("OptimizerState: hyperParameters are missing");
        }
        groups = List.copyOf(groups);
    }

    /** This state as a checkpoint tree ({@link alf.io.Stateful}): groups and their parameters as lists, in order. */
    public StateDict toStateDict() {
        StateDict out = new StateDict();
        out.putString("optimizer", optimizer);
        out.putLong("stepCount", stepCount);
        out.putDict("hyperParameters", hyperParameters.toStateDict());
        List<StateDict> gs = new ArrayList<>();
        for (GroupState group : groups) {
            StateDict gm = new StateDict();
            StateDict ghp = new StateDict();
            group.hyperParameters().forEach(ghp::putDouble);
            gm.putDict("hyperParameters", ghp);
            List<StateDict> ps = new ArrayList<>();
            for (SavedParameterState sp : group.parameters()) {
                ps.add(new StateDict().putLong("step", sp.step()).putDict("tensors",
                        StateDict.ofTensors(sp.tensors())));
            }
            gm.putDicts("parameters", ps);
            gs.add(gm);
        }
        out.putDicts("groups", gs);
        return out;
    }

    /** The inverse of {@link #toStateDict()}; a missing or mistyped field is an error naming it. */
    public static OptimizerState fromStateDict(StateDict state) {
        List<GroupState> groups = new ArrayList<>();
        for (StateDict gm : state.dicts("groups")) {
            Map<String, Double> hp = new LinkedHashMap<>();
            StateDict ghp = gm.dict("hyperParameters");
            for (String k : ghp.keys()) {
                hp.put(k, ghp.getDouble(k));
            }
            List<SavedParameterState> params = new ArrayList<>();
            for (StateDict pm : gm.dicts("parameters")) {
                params.add(new SavedParameterState(pm.getLong("step"), pm.tensors("tensors")));
            }
            groups.add(new GroupState(hp, params));
        }
        return new OptimizerState(state.string("optimizer"), state.getLong("stepCount"),
                OptimizerSettings.fromStateDict(state.dict("hyperParameters")), groups);
    }
}
