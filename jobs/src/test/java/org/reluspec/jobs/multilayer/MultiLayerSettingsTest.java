package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.params.Experiment;

class MultiLayerSettingsTest {
    /** Read elsewhere: by the dispatcher. */
    private static final Set<String> NOT_SETTINGS = Set.of("experiment", "engine");
    /** Values a change needs beside it to be a valid spec, or to make a difference. */
    private static final Map<String, Object[]> COMPANIONS = Map.of(
            "bn_affine", new Object[] {"bn", true},
            "teacher_bn_affine", new Object[] {"teacher_bn", true},
            "leaky_relu_student", new Object[] {"leaky_relu", 0.2},
            "spark_workers", new Object[] {"engine", "dl4j-spark"},
            "averaging_frequency", new Object[] {"engine", "dl4j-spark"});

    @Test
    void everyMultiLayerParameterReachesTheSettings() {
        for (org.reluspec.jobs.Specs.Change c : org.reluspec.jobs.Specs.eachParameterChanged(
                Experiment.MULTI_LAYER, NOT_SETTINGS, COMPANIONS, Specs::of)) {
            assertNotEquals(MultiLayerSettings.of(c.base()), MultiLayerSettings.of(c.changed()), c.name());
        }
    }

    @Test
    void theStudentKeepsReluWhenOnlyTheTeacherIsLeaky() {
        MultiLayerSettings s = MultiLayerSettings.of(Specs.of("leaky_relu", 0.2, "leaky_relu_student", false));
        assertEquals(0.2, s.teacher().slope());
        assertEquals(0.0, s.student().slope());
        assertEquals(0.2, MultiLayerSettings.of(Specs.of("leaky_relu", 0.2)).student().slope());
    }

    @Test
    void teacherAndStudentTakeTheirOwnBatchNormalization() {
        MultiLayerSettings s = MultiLayerSettings.of(Specs.of("teacher_bn", true, "teacher_bn_affine", true));
        assertTrue(s.teacher().batchNorm() && s.teacher().batchNormAffine());
        assertTrue(!s.student().batchNorm() && !s.student().batchNormAffine());
    }

    @Test
    void studentWidthsAreTheTeachersTimesNodeMulti() {
        MultiLayerSettings.Widths w = MultiLayerSettings.of(Specs.of("ks", "[3,7]", "node_multi", 4)).widths();
        assertArrayEquals(new int[] {3, 7}, w.teacher());
        assertArrayEquals(new int[] {12, 28}, w.student());
        assertEquals(2, w.depth());
    }

    @Test
    void aMultiLayerRunReadsOutEveryEpochWithTheTrainingSideAndNeverHalvesItsRate() {
        MultiLayerSettings s = MultiLayerSettings.of(Specs.of("lr", "{0:0.2,2:0.1}"));
        assertEquals(1, s.readouts().every());
        assertTrue(s.readouts().trainingSide());
        assertEquals(0.2, s.schedule().rateAt(-1));
        assertEquals(0.1, s.schedule().rateAt(3));
    }
}
