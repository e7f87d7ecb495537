package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.Specs;
import org.reluspec.jobs.params.Experiment;

class TwoLayerSettingsTest {
    /** Read elsewhere (the dispatcher) or by nothing (teacher_scale: kept for the reference's command lines). */
    private static final Set<String> NOT_SETTINGS = Set.of("experiment", "engine", "teacher_scale");
    /** Values a change needs beside it to be a valid spec. */
    private static final Map<String, Object[]> COMPANIONS = Map.of(
            "finish_from_start", new Object[] {"finish", "levenberg_marquardt"},
            "spark_workers", new Object[] {"engine", "dl4j-spark", "use_sgd", true},
            "averaging_frequency", new Object[] {"engine", "dl4j-spark", "use_sgd", true});

    @Test
    void everyTwoLayerParameterReachesTheSettings() {
        for (Specs.Change c : Specs.eachParameterChanged(Experiment.TWO_LAYER, NOT_SETTINGS, COMPANIONS, Specs::of)) {
            assertNotEquals(TwoLayerSettings.of(c.base()), TwoLayerSettings.of(c.changed()), c.name());
        }
    }

    @Test
    void eachValueLandsInTheFieldNamedForIt() {
        TwoLayerSettings s = TwoLayerSettings.of(Specs.of("d", 7, "m", 3, "multi", 4, "c", 5, "N_train", 300,
                "N_eval", 200, "num_iter_per_epoch", 9, "feature_fixed", true, "readout_every", 3,
                "readout_train", false, "bias", 0.25, "teacher_strength_decay", 0.5));
        assertEquals(new TwoLayerSettings.Widths(7, 3, 4, 5), s.widths());
        assertEquals(12, s.widths().studentNodes());
        assertEquals(300, s.data().trainSize());
        assertEquals(200, s.data().evalSize());
        assertEquals(9, s.stepsPerEpoch());
        assertFalse(s.student().trainHidden());
        assertTrue(s.student().trainOutput());
        assertEquals(3, s.readouts().every());
        assertFalse(s.readouts().trainingSide());
        assertEquals(new TwoLayerSettings.Teacher(0.25, 0.5), s.teacher());
    }

    @Test
    void withoutBiasesTheTeacherGetsBiasZero() {
        TwoLayerSettings s = TwoLayerSettings.of(Specs.of("bias", 0.25, "no_bias", true));
        assertFalse(s.biases());
        assertEquals(0.0, s.teacher().bias());
    }

    @Test
    void theRateIsHalvedEveryLrReductionEpochsFromTheScheduleOfTheEpoch() {
        TwoLayerSettings s = TwoLayerSettings.of(Specs.of("lr", "{0:0.4,4:0.2}", "lr_reduction", 2));
        assertEquals(0.4, s.schedule().rateAt(-1));
        assertEquals(0.4, s.schedule().rateAt(1));
        assertEquals(0.2, s.schedule().rateAt(2));
        assertEquals(0.05, s.schedule().rateAt(4));
    }
}
