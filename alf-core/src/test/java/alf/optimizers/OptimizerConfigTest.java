package alf.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.config.ConfigBinder;
import alf.config.ConfigBindingException;
import alf.config.ConfigRegistry;
import alf.tensor.DType;
import alf.tensor.Tensor;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimizers, schedules and clippers are built from configuration without parameters, then given groups. */
class OptimizerConfigTest {
    private static final ConfigRegistry REGISTRY = ConfigRegistry.of(Adam.class, AdamW.class, AdamTF.class,
            Sgd.class, ConstantSchedule.class, LinearSchedule.class, ExponentialSchedule.class, StepSchedule.class,
            GlobalNormClipping.class, ValueClipping.class);

    private static ConfigBinder binder(String hocon) {
        return ConfigBinder.create(REGISTRY, ConfigFactory.parseString(hocon));
    }

    @Test
    void buildsFromKeysWithNestedScheduleAndClipping() {
        ConfigBinder binder = binder("""
                AdamTF.lrSchedule = { class = LinearSchedule, startLr = 1e-3, endLr = 1e-4, steps = 10 }
                AdamTF.gradientClipping = { class = GlobalNormClipping, maxNorm = 0.5 }
                """);
        AdamTF opt = binder.build(AdamTF.class);
        binder.checkAllUsed();
        Tensor p = Tensor.of(new double[] {1, 2}, DType.FLOAT64, 2).setRequiresGrad(true);
        opt.addParamGroup(List.of(p));
        p.setGrad(Tensor.of(new double[] {3, 4}, DType.FLOAT64, 2));
        opt.step();
        assertEquals(1e-3, opt.paramGroups().get(0).lastLr());
        assertEquals(5.0, opt.lastGradientNorm(), 1e-12);
        OptimizerState s = opt.stateDict();
        assertEquals(1e-7, s.hyperParameters().get("eps"));
        assertEquals(0.999, s.hyperParameters().get("beta2"));
    }

    @Test
    void defaultsMatchTheReferenceLibraries() {
        Adam adam = binder("").build(Adam.class);
        AdamW adamW = binder("").build(AdamW.class);
        AdamTF adamTf = binder("").build(AdamTF.class);
        Sgd sgd = binder("Sgd.lr = 0.1").build(Sgd.class);
        assertEquals(1e-8, adam.hyperParameters().get("eps"));
        assertEquals(1e-7, adamTf.hyperParameters().get("eps"));
        assertEquals(false, adam.hyperParameters().get("amsgrad"));
        assertEquals(0.0, sgd.hyperParameters().get("momentum"));
        Tensor p = Tensor.of(new double[] {1}, DType.FLOAT64, 1).setRequiresGrad(true);
        adamW.addParamGroup(List.of(p));
        p.setGrad(Tensor.of(new double[] {0}, DType.FLOAT64, 1));
        adamW.step();
        assertEquals(1 - 1e-3 * 1e-2, p.get(0), 1e-15, "AdamW's default decoupled weight decay is 1e-2");
        assertNotEquals(adam.hyperParameters(), adamTf.hyperParameters());
    }

    @Test
    void aConstantLrBesideAScheduleIsRefusedAndLeftOutOfTheOperativeConfig() {
        ConfigBinder both = binder("""
                Sgd.lr = 0.1
                Sgd.lrSchedule = { class = LinearSchedule, startLr = 1e-3, endLr = 1e-4, steps = 10 }
                """);
        both.build(Sgd.class);
        ConfigBindingException e = assertThrows(ConfigBindingException.class, both::checkAllUsed);
        assertTrue(e.getMessage().contains("Sgd.lr") && e.getMessage().contains("lrSchedule gives the learning rate"),
                e.getMessage());

        ConfigBinder scheduleOnly = binder(
                "Adam.lrSchedule = { class = LinearSchedule, startLr = 1e-3, endLr = 1e-4, steps = 10 }");
        scheduleOnly.build(Adam.class);
        scheduleOnly.checkAllUsed();
        String operative = scheduleOnly.operativeConfig().toHocon();
        assertTrue(operative.contains("Adam.lrSchedule"), operative);
        assertFalse(operative.contains("Adam.lr ="), operative);

        ConfigBinder constant = binder("Adam.lr = 3e-4");
        constant.build(Adam.class);
        constant.checkAllUsed();
        assertTrue(constant.operativeConfig().toHocon().contains("Adam.lr = 3.0E-4"),
                constant.operativeConfig().toHocon());
    }
}
