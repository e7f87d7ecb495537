package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Status;

class TrainingLearnsTest {

    /** ks=[5,5], d=10, multi=4, 2000 samples, 30 epochs: a plateau, then the student fits. */
    @Test
    void evalLossDropsAndLowestLayerSpecializesAcrossSeeds() {
        int seeds = 3;
        double meanBefore = 0;
        double meanAfter = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            RunSpec spec = Specs.of("seed", seed, "num_epoch", 30, "lr", "0.05");
            RunResult r = MultiLayerRun.run(spec, EpochListener.NONE);
            assertEquals(Status.OK, r.status());
            assertEquals(31, r.epochs().size());
            assertEquals(30L * 32, r.steps(), "32 batches of 64 (the last one partial) per epoch");
            assertEquals(2000, r.nTrain());
            EpochReadout first = r.epochs().get(0);
            EpochReadout last = r.last();
            assertTrue(last.evalLoss() < first.evalLoss() / 10,
                    "seed " + seed + ": eval loss " + first.evalLoss() + " -> " + last.evalLoss());
            meanBefore += first.layers().get(0).meanBestCorrEval() / seeds;
            meanAfter += last.layers().get(0).meanBestCorrEval() / seeds;
        }
        assertTrue(meanAfter > meanBefore + 0.1, "mean best corr " + meanBefore + " -> " + meanAfter);
        assertTrue(meanAfter > 0.8, "mean best corr at the end " + meanAfter);
    }

    /** The other code paths (float, BN with affine parameters, Adam, momentum) train too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "precision=float",
        "bn=true bn_affine=true bn_before_relu=true",
        "bn=true bn_before_relu=false leaky_relu=0.1",
        "optim_method=adam lr=0.003",
        "momentum=0.9 lr=0.005 weight_decay=0.0001",
        "normalize=true lr=0.05"})
    void variantsReduceTheEvalLoss(String overrides) {
        List<Object> kv = new ArrayList<>(List.of("num_epoch", 20, "lr", "0.05"));
        for (String item : overrides.split(" ")) {
            String[] p = item.split("=");
            int at = kv.indexOf(p[0]);
            if (at >= 0) {
                kv.set(at + 1, p[1]);
            } else {
                kv.add(p[0]);
                kv.add(p[1]);
            }
        }
        RunResult r = MultiLayerRun.run(Specs.of(kv.toArray()), EpochListener.NONE);
        assertEquals(Status.OK, r.status());
        double before = r.epochs().get(0).evalLoss();
        double after = r.last().evalLoss();
        assertTrue(after < before / 3, overrides + ": eval loss " + before + " -> " + after);
    }
}
