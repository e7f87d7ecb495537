package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.Specs;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Thresholds;

/**
 * Statistics over seeds against the reference code's own statistics
 * (src/test/resources/reference/two-layer-d20-m5.json: PyTorch, 8 seeds per cell, other random
 * streams), and the paper's trends. Single runs are never compared, only means with tolerances from the
 * seed-to-seed spread.
 */
class TwoLayerReferenceStatisticsTest {
    private static final int SEEDS = 8;
    private static JsonNode reference;
    /** [multi index][p index][seed] */
    private static RunResult[][][] runs;
    private static final int[] MULTI = {1, 2, 5};
    private static final double[] P = {0, 1, 2};

    @BeforeAll
    static void runTheGrid() throws IOException {
        try (InputStream in = TwoLayerReferenceStatisticsTest.class
                .getResourceAsStream("/reference/two-layer-d20-m5.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        runs = new RunResult[MULTI.length][P.length][SEEDS];
        for (int a = 0; a < MULTI.length; a++) {
            for (int b = 0; b < P.length; b++) {
                for (int s = 0; s < SEEDS; s++) {
                    runs[a][b][s] = Runner.run(Specs.of("d", 20, "m", 5, "c", 10, "N_train", 5000,
                            "N_eval", 5000, "num_epoch", 20, "num_iter_per_epoch", 1000, "batchsize", 16,
                            "use_sgd", true, "lr", 0.01, "multi", MULTI[a], "teacher_strength_decay", P[b],
                            "seed", s + 1));
                }
            }
        }
    }

    private static EpochReadout at(RunResult r, int epoch) {
        return r.epochs().get(epoch + 1);
    }

    private static double[] covered(int a, int b, int epoch) {
        double[] out = new double[SEEDS];
        for (int s = 0; s < SEEDS; s++) {
            out[s] = at(runs[a][b][s], epoch).layers().get(0).coveredEval()[Thresholds.I95];
        }
        return out;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double sd(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }

    @Test
    void coveredTeacherNodesAgreeWithTheReferenceWithinTheSeedSpread() {
        List<String> misses = new ArrayList<>();
        int compared = 0;
        for (JsonNode cell : reference.get("cells")) {
            int a = Arrays.binarySearch(MULTI, cell.get("multi").asInt());
            int b = Arrays.binarySearch(P, cell.get("teacher_strength_decay").asDouble());
            for (JsonNode e : cell.get("at_epoch")) {
                int epoch = e.get("epoch").asInt();
                double[] ours = covered(a, b, epoch);
                double refMean = e.get("covered_mean").asDouble();
                double refSd = e.get("covered_sd").asDouble();
                // Two independent means of 8 seeds: 3 standard errors of their difference,
                // plus half a node for the counts' discreteness.
                double tol = 3 * Math.sqrt((refSd * refSd + sd(ours) * sd(ours)) / SEEDS) + 0.5;
                compared++;
                if (Math.abs(mean(ours) - refMean) > tol) {
                    misses.add(String.format(Locale.ROOT, "multi=%d p=%.0f epoch=%d: ours %.3f, reference %.3f, tol %.3f",
                            MULTI[a], P[b], epoch, mean(ours), refMean, tol));
                }
            }
        }
        assertEquals(45, compared);
        // At 3 standard errors a few misses in 45 comparisons would be chance; more is a real difference.
        assertTrue(misses.size() <= 2, String.join("\n", misses));
    }

    @Test
    void initialEvaluationLossMatchesTheReferencesTeacherOutputScale() {
        for (JsonNode cell : reference.get("cells")) {
            int a = Arrays.binarySearch(MULTI, cell.get("multi").asInt());
            int b = Arrays.binarySearch(P, cell.get("teacher_strength_decay").asDouble());
            double refMedian = cell.get("at_epoch").get(0).get("eval_loss_median").asDouble();
            double[] ours = new double[SEEDS];
            for (int s = 0; s < SEEDS; s++) {
                ours[s] = at(runs[a][b][s], -1).evalLoss();
            }
            Arrays.sort(ours);
            double median = (ours[3] + ours[4]) / 2;
            // The median over 8 random teachers varies by about 15% from draw to draw.
            assertEquals(refMedian, median, 0.3 * refMedian, "multi=" + MULTI[a] + " p=" + P[b]);
        }
    }

    @Test
    void withoutDecayNearlyEveryTeacherNodeIsCoveredByAFiveTimesWiderStudent() {
        assertTrue(mean(covered(2, 0, 19)) >= 4.8, "mean covered at 0.95: " + mean(covered(2, 0, 19)));
    }

    @Test
    void strongTeacherNodesAreCoveredMoreOftenThanWeakOnes() {
        // p = 2: over all widths and seeds, node 0 (strongest) against node 4 (weakest), at epoch 5.
        int strong = 0;
        int weak = 0;
        for (int a = 0; a < MULTI.length; a++) {
            for (int s = 0; s < SEEDS; s++) {
                double[] best = at(runs[a][2][s], 5).layers().get(0).bestCorrEval();
                strong += best[0] >= 0.95 ? 1 : 0;
                weak += best[4] >= 0.95 ? 1 : 0;
            }
        }
        assertTrue(strong >= weak + 8, "strongest covered in " + strong + " runs, weakest in " + weak);
    }

    @Test
    void moreOverRealizationCoversMoreTeacherNodes() {
        double narrow = 0;
        double wide = 0;
        for (int b = 0; b < P.length; b++) {
            narrow += mean(covered(0, b, 5));
            wide += mean(covered(2, b, 5));
        }
        assertTrue(wide > narrow, "multi=5: " + wide + ", multi=1: " + narrow);
    }
}
