package org.reluspec.driver.progress;

import java.util.Locale;

/**
 * What the runs finished so far in this session say: mean covered teacher nodes at 0.95 (eval
 * data, lowest layer) of the teacher's nodes, the worst (largest) final eval loss, over the runs
 * that did not fail.
 */
final class LiveSummary {
    private int covered;
    private double coveredSum;
    private int teacherNodes;
    private double worstLoss = Double.NaN;

    void add(RunOutcome r) {
        if ("failed".equals(r.status())) {
            return;
        }
        if (r.covered095() != null) {
            covered++;
            coveredSum += r.covered095();
            teacherNodes = r.teacherNodes();
        }
        Double l = r.evalLoss();
        if (l != null && Double.isFinite(l) && !(l <= worstLoss)) {
            worstLoss = l;
        }
    }

    /** e.g. {@code cov@.95 1.83/2}; empty before a run finished. */
    String covered() {
        return covered == 0 ? "" : String.format(Locale.ROOT, "cov@.95 %.2f/%d", coveredSum / covered, teacherNodes);
    }

    /** e.g. {@code max loss 3.1e-02}: the worst final eval loss; empty before a run finished. */
    String worstLoss() {
        return Double.isNaN(worstLoss) ? "" : String.format(Locale.ROOT, "max loss %.1e", worstLoss);
    }

    /** The two, spelt out, for line progress. */
    String longText() {
        return covered == 0 ? "" : String.format(Locale.ROOT, "mean covered@0.95 %.2f of %d, worst eval loss %.1e",
                coveredSum / covered, teacherNodes, worstLoss);
    }
}
