package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reluspec.dl4j.Agreement.assertClose;
import static org.reluspec.dl4j.Agreement.assertMoved;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.twolayer.TwoLayerSession;
import org.reluspec.jobs.twolayer.TwoLayerWeights;

/** engine=dl4j against the native engine on the two-layer experiment, in double precision. */
class TwoLayerCrossCheckTest {
    private static RunSpec spec(Object... more) {
        Object[] base = {"experiment", "two_layer", "d", 20, "m", 5, "multi", 2, "c", 10, "batchsize", 16,
            "N_train", 1000, "N_eval", 500, "use_sgd", true, "lr", "0.05", "data_std", 1.5};
        return Agreement.spec(base, more);
    }

    private static void crossCheck(RunSpec spec) {
        TwoLayerSession nat = TwoLayerSession.open(spec, null);
        TwoLayerSession dl4j = TwoLayerSession.open(spec, Dl4jTwoLayer::new);
        TwoLayerWeights before = nat.weights();
        assertClose("initial w1", before.w1(), dl4j.weights().w1());
        for (int s = 0; s < 100; s++) {
            assertClose("loss of step " + s, nat.step(), dl4j.step());
        }
        TwoLayerWeights a = nat.weights();
        TwoLayerWeights b = dl4j.weights();
        assertMoved("w1", before.w1(), a.w1());
        assertClose("w1", a.w1(), b.w1());
        assertClose("b1", a.b1(), b.b1());
        assertClose("w2", a.w2(), b.w2());
        assertClose("b2", a.b2(), b.b2());
    }

    @Test
    void sgdLossesAndWeightsAgreeAfter100Steps() {
        crossCheck(spec("student_scale", 0.1));
    }

    @Test
    void normalizedStudentWithoutBiasesAgreesAfter100Steps() {
        crossCheck(spec("student_scale", 0.1, "normalize", true, "no_bias", true));
    }

    @Test
    void runnerWithEngineDl4jGivesTheNativeReadoutsThroughAnLrSchedule() {
        RunSpec nat = spec("num_epoch", 3, "num_iter_per_epoch", 40, "lr", "{0:0.05,1:0.02}",
                "student_scale", 0.1);
        assertTrue(Runner.run(nat).epochs().size() == 4);
        Agreement.assertSameReadouts(Runner.run(nat), Runner.run(nat.with("engine", "dl4j")));
    }

    @Test
    void fullBatchGradientDescentAgrees() {
        RunSpec nat = spec("num_epoch", 2, "num_iter_per_epoch", 10, "use_sgd", false, "lr", "0.1",
                "student_scale", 0.1);
        Agreement.assertSameReadouts(Runner.run(nat), Runner.run(nat.with("engine", "dl4j")));
    }
}
