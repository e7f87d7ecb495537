package org.reluspec.driver.complexity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;

/**
 * The search's state as the rows of the complexity datasets (probes, cells, theorem, fit; columns
 * in {@link Schema}), rewritten whole after every round.
 */
final class ComplexityRows {
    private ComplexityRows() {
    }

    /**
     * Rewrites complexity/probes, complexity/cells, complexity/theorem and (when the search is
     * over) complexity/fit.
     */
    static void write(ComplexitySpec spec, ResultsFolder folder, List<CellSearch> cells,
                            Map<String, Measurement> measured) throws IOException {
        List<Object[]> probes = new ArrayList<>();
        List<Object[]> cellRows = new ArrayList<>();
        List<Object[]> theorem = new ArrayList<>();
        boolean over = true;
        for (CellSearch s : cells) {
            Cell c = s.cell();
            int step = 0;
            for (CellSearch.Probe p : s.probes()) {
                for (int seed : spec.seeds()) {
                    String id = ComplexitySearch.runId(spec, c, p.n(), seed);
                    Measurement m = measured.get(id);
                    Map<String, Object> r = cellValues(spec, c);
                    r.put("N", p.n());
                    r.put("step", step);
                    r.put("seed", seed);
                    r.put("run_id", id);
                    r.put("success", m.success(spec.criterion(), c.eps()));
                    r.put("reached_target", m.reachedTarget());
                    r.put("specialized", m.specialized(spec.criterion(), c.eps()));
                    r.put("full_grad_norm", nan(m.fullGradNorm()));
                    r.put("status", m.status());
                    r.put("stopped_by", m.stoppedBy());
                    r.put("steps", m.steps());
                    r.put("max_sample_grad_norm", m.maxSampleGradNorm());
                    r.put("worst_angle", m.worstAngle());
                    r.put("worst_corr", m.worstCorr());
                    r.put("wall_seconds", m.wallSeconds());
                    probes.add(row(Schema.PROBES, r));
                }
                step++;
            }
            over &= s.outcome() != CellSearch.Outcome.OPEN;
            Map<String, Object> r = cellValues(spec, c);
            r.put("outcome", s.outcome().name().toLowerCase(Locale.ROOT));
            r.put("n_star", s.nStar());
            r.put("bracket_low", s.bracketLow());
            r.put("bracket_high", s.bracketHigh());
            r.put("resolution", s.bracketLow() == null || s.bracketHigh() == null ? null
                    : (double) s.bracketHigh() / s.bracketLow() - 1);
            r.put("resolution_target", spec.resolution());
            r.put("delta", spec.delta());
            r.put("seeds", spec.seeds().size());
            r.put("probes", s.probes().size());
            r.put("runs_used", s.probes().size() * spec.seeds().size());
            r.put("full_grid_runs", s.fullGridPoints() * spec.seeds().size());
            r.put("full_range_runs", s.fullRangePoints() * spec.seeds().size());
            r.put("n_probed", s.probes().stream().mapToInt(CellSearch.Probe::n).toArray());
            r.put("rates", s.probes().stream().mapToDouble(CellSearch.Probe::rate).toArray());
            TheoremCheck check = TheoremCheck.of(spec, s, measured);
            r.put("bound", TheoremCheck.bound(c));
            r.put("n_theorem", check.nTheorem());
            r.put("n_theorem_ratio", check.nTheoremRatio());
            r.put("counterexamples", check.counterexamples().size());
            cellRows.add(row(Schema.CELLS, r));
            for (TheoremCheck.Row t : check.rows()) {
                Map<String, Object> tr = cellValues(spec, c);
                tr.put("N", t.n());
                tr.put("bound_ratio", t.n() / TheoremCheck.bound(c));
                tr.put("runs", t.runs());
                tr.put("reached_target", t.reached());
                tr.put("specialized_reached", t.specializedReached());
                tr.put("specialized", t.specialized());
                tr.put("stalled", t.stalled());
                tr.put("budget", t.budget());
                tr.put("diverged", t.diverged());
                tr.put("failed", t.failed());
                tr.put("all_reached_specialized", t.reached() == 0 ? null : !t.counterexample());
                theorem.add(row(Schema.THEOREM, tr));
            }
        }
        folder.replaceComplexityTable(Schema.PROBES, probes);
        folder.replaceComplexityTable(Schema.CELLS, cellRows);
        folder.replaceComplexityTable(Schema.THEOREM, theorem);
        Fit fit = over ? ComplexitySearch.fit(cells) : null;
        if (fit != null) {
            List<Object[]> rows = new ArrayList<>();
            for (int t = 0; t < fit.terms().size(); t++) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("term", fit.terms().get(t));
                r.put("estimate", nan(fit.estimate()[t]));
                r.put("ci_low", nan(fit.ciLow()[t]));
                r.put("ci_high", nan(fit.ciHigh()[t]));
                r.put("level", fit.level());
                r.put("theory", nan(Fit.THEORY[t]));
                r.put("cells", fit.cells());
                r.put("bootstrap", fit.bootstrap());
                r.put("bootstrap_seed", fit.seed());
                r.put("r2", nan(fit.r2()));
                rows.add(row(Schema.FIT, r));
            }
            folder.replaceComplexityTable(Schema.FIT, rows);
        }
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static Map<String, Object> cellValues(ComplexitySpec spec, Cell c) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cell", c.label());
        r.put("cell_index", c.index());
        r.put("d", c.d());
        r.put("m", c.m());
        r.put("multi", c.multi());
        r.put("K", c.k());
        r.put("eps", c.eps());
        r.put("data", c.data());
        r.put("criterion", spec.criterion());
        r.put("grad_target", spec.gradTarget(c));
        return r;
    }

    private static Object[] row(Table t, Map<String, Object> values) {
        Object[] row = t.newRow();
        values.forEach((k, v) -> row[t.indexOf(k)] = v);
        return row;
    }
}
