package org.reluspec.jobs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecTest {

    @Test
    void defaultsAreTheReferences() {
        RunSpec s = RunSpec.resolve(Map.of());
        assertEquals(Experiment.TWO_LAYER, s.experiment());
        assertEquals(30, s.i("d"));
        assertEquals(10, s.i("m"));
        assertEquals(10, s.i("multi"));
        assertEquals(50, s.i("c"));
        assertEquals(8, s.i("batchsize"));
        assertEquals(0.01, s.lr().initialRate());
        assertEquals(1.5, s.d("data_std"));
        assertEquals(-0.1, s.d("bias"));
        assertEquals(1.0, s.d("teacher_strength_decay"));
        RunSpec ml = RunSpec.resolve(Map.of("experiment", "multi_layer"));
        assertEquals(List.of(50, 75, 100, 125), ml.ints("ks"));
        assertEquals(0.2, ml.lr().rateAt(0));
        assertEquals(0.1, ml.lr().rateAt(25));
        assertEquals(10.0, ml.d("data_std"));
        assertEquals(64, ml.i("batchsize"));
    }

    @Test
    void runIdIsStableAndIgnoresHowValuesWereWritten() {
        RunSpec a = RunSpec.resolve(Map.of("d", "20", "lr", "0.010", "use_sgd", "true"));
        RunSpec b = RunSpec.resolve(Map.of("d", 20, "lr", 0.01, "use_sgd", true, "m", 10));
        assertEquals(a.runId(), b.runId());
        assertEquals(16, a.runId().length());
        assertNotEquals(a.runId(), a.with("seed", 2).runId());
    }

    @Test
    void aParameterAddedLaterIsInTheRunIdOnlyAwayFromItsDefault() {
        Param later = new Param("finish_probe", ParamType.DOUBLE, 0.0, null, v -> true, "", List.of(),
                "a parameter defined after results were first written", true, null);
        assertTrue(!later.inRunId(Experiment.TWO_LAYER, 0.0) && !later.inRunId(Experiment.TWO_LAYER, later.parse("-0.0")));
        assertTrue(later.inRunId(Experiment.TWO_LAYER, 0.5));
        Param original = new Param("d_probe", ParamType.DOUBLE, 0.0, null, v -> true, "", List.of(), "", false, null);
        assertTrue(original.inRunId(Experiment.TWO_LAYER, 0.0));
        RunSpec s = RunSpec.resolve(Map.of("d", 20));
        for (Param p : Params.all()) {
            if (p.appliesTo(s.experiment()) && p.addedLater()) {
                assertTrue(!s.identity().contains(p.name() + "="), p.name() + " at its default changes run_ids");
            }
        }
    }

    @Test
    void aParameterExtendedToMultiLayerStaysOutOfItsRunIdAtTheDefaultOnly() {
        RunSpec ml = RunSpec.resolve(Map.of("experiment", "multi_layer"));
        assertFalse(ml.identity().contains("stop_grad_norm="), ml.identity());
        assertTrue(ml.with("stop_grad_norm", 1e-3).identity().contains("stop_grad_norm=0.001"));
        assertNotEquals(ml.runId(), ml.with("stop_grad_norm", 1e-3).runId());
        // In the two-layer experiment it always was a parameter: it stays in the hash at its default.
        assertTrue(RunSpec.resolve(Map.of("d", 20)).identity().contains("stop_grad_norm=0.0"));
    }

    @Test
    void mistakesNameTheKeyTheValueAndWhatIsAllowed() {
        SpecException unknown = assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("mullti", 2)));
        assertTrue(unknown.getMessage().contains("'mullti'") && unknown.getMessage().contains("'multi'"),
                unknown.getMessage());
        SpecException fractional = assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("multi", "2.5")));
        assertEquals("multi='2.5': expected an integer", fractional.getMessage());
        SpecException negative = assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("m", 0)));
        assertEquals("m=0: expected an integer >= 1", negative.getMessage());
        SpecException bool = assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("use_sgd", "yes")));
        assertTrue(bool.getMessage().contains("true or false"));
        SpecException wrongExperiment = assertThrows(SpecException.class,
                () -> RunSpec.resolve(Map.of("ks", "[5,5]")));
        assertTrue(wrongExperiment.getMessage().contains("does not apply"), wrongExperiment.getMessage());
        SpecException choice = assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("precision", "half")));
        assertTrue(choice.getMessage().contains("double, float"));
    }

    @Test
    void impossibleCombinationsAreRefused() {
        // Only 8 distinct non-zero vectors exist in one dimension of the 9-value choice set.
        SpecException tooMany = assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("d", 1, "m", 9)));
        assertTrue(tooMany.getMessage().contains("at most 8"), tooMany.getMessage());
        RunSpec.resolve(Map.of("d", 1, "m", 8, "c", 3));
        assertThrows(SpecException.class,
                () -> RunSpec.resolve(Map.of("feature_fixed", true, "top_layer_fixed", true)));
        assertThrows(SpecException.class,
                () -> RunSpec.resolve(Map.of("experiment", "multi_layer", "bn_affine", true)));
        assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("N_train", 2_000_000_000)));
    }

    @Test
    void learningRateSchedulesParseInTheReferencesForms() {
        assertEquals("{0:0.2,20:0.1}", LrSchedule.parse("{0:0.2, 20:0.1}").canonical());
        assertEquals("{0:0.2,20:0.1}", LrSchedule.parse("0-0.2-20-0.1").canonical());
        assertEquals("0.01", LrSchedule.parse("0.01").canonical());
        assertEquals("1.0E-4", LrSchedule.parse("1e-4").canonical());
        assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("lr", "{5:0.1}")));
        assertThrows(SpecException.class, () -> RunSpec.resolve(Map.of("lr", "-1")));
    }
}
