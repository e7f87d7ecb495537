package org.reluspec.driver.complexity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.reluspec.jobs.run.StopReason;

/**
 * The theorem's check on one cell's probes. The theorem: on a training set of size
 * {@code N >= C K^(5/2) d^3 / eps}, every student whose largest per-sample gradient norm is at
 * most the target has every teacher node specialized within eps. So per probed N: how many runs
 * reached the target, and how many of those specialized; a run that reached the target without
 * specializing is a counterexample at its N. {@code nTheorem}: the smallest probed N from which
 * (at it and every larger probed N) every reached-target run specialized, with at least one such
 * run at or above it; null when the largest probed N with reached-target runs has a counterexample
 * or no run reached the target.
 */
public record TheoremCheck(Cell cell, List<Row> rows, Integer nTheorem, List<Counterexample> counterexamples) {

    /** One probed N of the cell: its runs by how they ended, and the reached-target runs that specialized. */
    public record Row(int n, int runs, int reached, int specializedReached, int specialized, int stalled,
                      int budget, int diverged, int failed) {
        public boolean counterexample() {
            return specializedReached < reached;
        }
    }

    /** A run that reached the gradient target without every teacher node specialized within eps. */
    public record Counterexample(int n, int seed, String runId, double worstAngle, double worstCorr,
                                 double maxSampleGradNorm) {
    }

    /** K^(5/2) d^3 / eps: the bound without its constant. */
    public static double bound(Cell c) {
        return Math.pow(c.k(), 2.5) * Math.pow(c.d(), 3) / c.eps();
    }

    public Double nTheoremRatio() {
        return nTheorem == null ? null : nTheorem / bound(cell);
    }

    static TheoremCheck of(ComplexitySpec spec, CellSearch s, Map<String, Measurement> measured) {
        Cell c = s.cell();
        TreeMap<Integer, Row> byN = new TreeMap<>();
        List<Counterexample> counter = new ArrayList<>();
        for (CellSearch.Probe p : s.probes()) {
            if (byN.containsKey(p.n())) {
                continue;
            }
            int runs = 0;
            int reached = 0;
            int specReached = 0;
            int specialized = 0;
            int stalled = 0;
            int budget = 0;
            int diverged = 0;
            int failed = 0;
            for (int seed : spec.seeds()) {
                String id = ComplexitySearch.runId(spec, c, p.n(), seed);
                Measurement m = measured.get(id);
                if (m == null) {
                    continue;
                }
                runs++;
                boolean sp = m.specialized(spec.criterion(), c.eps());
                specialized += sp ? 1 : 0;
                if (m.reachedTarget()) {
                    reached++;
                    if (sp) {
                        specReached++;
                    } else {
                        counter.add(new Counterexample(p.n(), seed, id, m.worstAngle(), m.worstCorr(),
                                m.maxSampleGradNorm()));
                    }
                }
                String end = m.stoppedBy();
                if (end == null) {
                    failed++;
                } else if (end.equals(StopReason.STALLED.key())) {
                    stalled++;
                } else if (end.equals(StopReason.BUDGET.key())) {
                    budget++;
                } else if (end.equals(StopReason.DIVERGED.key())) {
                    diverged++;
                }
            }
            byN.put(p.n(), new Row(p.n(), runs, reached, specReached, specialized, stalled, budget, diverged, failed));
        }
        List<Row> rows = new ArrayList<>(byN.values());
        Integer nTheorem = null;
        for (int i = rows.size() - 1; i >= 0; i--) {
            Row r = rows.get(i);
            if (r.counterexample()) {
                break;
            }
            if (r.reached() > 0) {
                nTheorem = r.n();
            }
        }
        return new TheoremCheck(c, rows, nTheorem, counter);
    }

    /** The checks of every cell as a terminal table, then the counterexamples. */
    static String table(List<TheoremCheck> checks) {
        StringBuilder b = new StringBuilder();
        b.append("theorem check: of the runs that reached the gradient target, how many specialized within eps\n");
        b.append(String.format(Locale.ROOT, "%-42s %9s %12s %9s %8s %8s %8s %7s%n", "cell", "N theorem",
                "N / bound", "reached", "special.", "stalled", "budget", "counter"));
        int runs = 0;
        int[] ends = new int[5];
        List<String> lines = new ArrayList<>();
        for (TheoremCheck t : checks) {
            int reached = 0;
            int spec = 0;
            int cellRuns = 0;
            int stalled = 0;
            int budget = 0;
            for (Row r : t.rows()) {
                cellRuns += r.runs();
                reached += r.reached();
                spec += r.specializedReached();
                stalled += r.stalled();
                budget += r.budget();
                ends[0] += r.reached();
                ends[1] += r.stalled();
                ends[2] += r.budget();
                ends[3] += r.diverged();
                ends[4] += r.failed();
            }
            runs += cellRuns;
            b.append(String.format(Locale.ROOT, "%-42s %9s %12s %4d/%-4d %8d %8d %8d %7d%n", t.cell().label(),
                    t.nTheorem() == null ? "-" : t.nTheorem().toString(),
                    t.nTheorem() == null ? "-" : String.format(Locale.ROOT, "%.3g", t.nTheoremRatio()),
                    reached, cellRuns, spec, stalled, budget, t.counterexamples().size()));
            for (Counterexample c : t.counterexamples()) {
                lines.add(String.format(Locale.ROOT, "  %s N=%d seed=%d run %s: max|g_i| %.2e, worst angle %.4f, "
                        + "worst corr %.4f", t.cell().label(), c.n(), c.seed(), c.runId(), c.maxSampleGradNorm(),
                        c.worstAngle(), c.worstCorr()));
            }
        }
        if (runs > 0) {
            b.append(String.format(Locale.ROOT, "runs: %d; ended at the target %.1f%%, stalled %.1f%%, budget %.1f%%, "
                            + "diverged %.1f%%, failed %.1f%%%n", runs, 100.0 * ends[0] / runs, 100.0 * ends[1] / runs,
                    100.0 * ends[2] / runs, 100.0 * ends[3] / runs, 100.0 * ends[4] / runs));
        }
        b.append(lines.isEmpty() ? "no counterexample: every run that reached the target specialized\n"
                : "counterexamples (reached the target, not specialized):\n" + String.join("\n", lines) + "\n");
        return b.toString();
    }
}
