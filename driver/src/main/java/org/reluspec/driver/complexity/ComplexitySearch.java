package org.reluspec.driver.complexity;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.sweep.RunList;
import org.reluspec.jobs.params.RunSpec;

/**
 * The sample-complexity search over every cell at once. Its state is re-derived from the runs
 * committed in the results folder at the start of every round: each cell replays its search
 * on the committed outcomes until it needs a probe not yet run; the probes all open cells need
 * then go to ONE job (a Spark job in the command line), which commits them; and again, until
 * every cell is decided. A run is keyed by its run_id, so runs already committed (by an
 * interrupted search, or by another cell that needs the same run) are never run twice.
 */
public final class ComplexitySearch {
    /** Runs the plan's runs still to do and commits them; false if it stopped early. */
    public interface Executor {
        boolean run(Plan plan) throws IOException;
    }

    /** Where a search ended. {@code rounds}: jobs run in this session; {@code trained}: runs they trained. */
    public record Result(List<CellSearch> cells, int rounds, int trained, boolean complete, Fit fit) {
        public int runsUsed(int seeds) {
            return cells.stream().mapToInt(c -> c.probes().size()).sum() * seeds;
        }

        public int fullGridRuns(int seeds) {
            return cells.stream().mapToInt(CellSearch::fullGridPoints).sum() * seeds;
        }

        public int fullRangeRuns(int seeds) {
            return cells.stream().mapToInt(CellSearch::fullRangePoints).sum() * seeds;
        }
    }

    public static final int BOOTSTRAP = 1000;
    public static final long BOOTSTRAP_SEED = 1;

    private ComplexitySearch() {
    }

    /** The cells replayed on the committed measurements; each is either decided or waiting on next(). */
    static List<CellSearch> replay(ComplexitySpec spec, Map<String, Measurement> measured) {
        List<CellSearch> out = new ArrayList<>();
        int l = spec.stepsPerDoubling();
        for (Cell c : spec.cells()) {
            CellSearch s = new CellSearch(c, spec.start(), spec.max(), l);
            for (Integer j = s.next(); j != null; j = s.next()) {
                int successes = 0;
                boolean all = true;
                for (int seed : spec.seeds()) {
                    Measurement m = measured.get(runId(spec, c, s.n(j), seed));
                    if (m == null) {
                        all = false;
                        break;
                    }
                    successes += m.success(spec.criterion(), c.eps()) ? 1 : 0;
                }
                if (!all) {
                    break;
                }
                s.record(j, successes, spec.seeds().size(), successes >= spec.successesNeeded());
            }
            out.add(s);
        }
        return out;
    }

    static String runId(ComplexitySpec spec, Cell c, int n, int seed) {
        return RunSpec.resolve(spec.runValues(c, n, seed)).runId();
    }

    /**
     * Runs the search to its end (or {@code maxRounds} jobs, 0: no limit), rewriting the
     * complexity tables after every round; prints one line per round.
     */
    public static Result run(ComplexitySpec spec, ResultsFolder folder, Executor executor, int maxRounds,
                             PrintStream out) throws IOException {
        int rounds = 0;
        int trained = 0;
        while (true) {
            Map<String, Measurement> measured = Measurement.readAll(folder);
            List<CellSearch> cells = replay(spec, measured);
            RunList todo = new RunList(spec.name(), spec.source());
            Set<String> ids = new LinkedHashSet<>();
            int open = 0;
            for (CellSearch s : cells) {
                Integer j = s.next();
                if (j == null) {
                    continue;
                }
                open++;
                for (int seed : spec.seeds()) {
                    Map<String, Object> v = spec.runValues(s.cell(), s.n(j), seed);
                    if (!measured.containsKey(RunSpec.resolve(v).runId()) && ids.add(RunSpec.resolve(v).runId())) {
                        todo.add(v, "cell " + s.cell().index() + " (" + s.cell().label() + ") N=" + s.n(j) + " seed=" + seed);
                    }
                }
            }
            writeTables(spec, folder, cells, measured);
            if (open == 0) {
                return new Result(cells, rounds, trained, true, fit(cells));
            }
            if (maxRounds > 0 && rounds >= maxRounds) {
                return new Result(cells, rounds, trained, false, null);
            }
            Plan plan = Plan.of(todo, Set.of());
            out.printf(Locale.ROOT, "round %d: %d open cells of %d, %d runs%n", rounds + 1, open, cells.size(),
                    plan.todo().size());
            out.flush();
            boolean complete = executor.run(plan);
            rounds++;
            trained += plan.todo().size();
            if (!complete) {
                return new Result(replay(spec, Measurement.readAll(folder)), rounds, trained, false, null);
            }
            Set<String> now = folder.committedRunIds();
            for (String id : ids) {
                if (!now.contains(id)) {
                    throw new IllegalStateException("round " + rounds + " did not commit run " + id);
                }
            }
        }
    }

    /** The cells table (and the fit, once every cell is decided) of a results folder, read-only. */
    public static String summary(ComplexitySpec spec, ResultsFolder folder) throws IOException {
        Map<String, Measurement> measured = Measurement.readAll(folder);
        List<CellSearch> cells = replay(spec, measured);
        StringBuilder b = new StringBuilder(table(spec, cells));
        b.append('\n').append(TheoremCheck.table(cells.stream().map(c -> TheoremCheck.of(spec, c, measured)).toList()));
        boolean over = cells.stream().allMatch(c -> c.next() == null);
        Fit fit = over ? fit(cells) : null;
        b.append(over ? "" : "the search is not finished: run bin/sweep complexity again to resume\n");
        if (fit != null) {
            b.append('\n').append(fit.table());
        }
        return b.toString();
    }

    /** The theorem check of every cell ({@link TheoremCheck#table}), read-only. */
    public static String theoremTable(ComplexitySpec spec, ResultsFolder folder) throws IOException {
        Map<String, Measurement> measured = Measurement.readAll(folder);
        return TheoremCheck.table(replay(spec, measured).stream().map(c -> TheoremCheck.of(spec, c, measured)).toList());
    }

    static Fit fit(List<CellSearch> cells) {
        List<CellSearch> found = cells.stream().filter(c -> c.outcome() == CellSearch.Outcome.FOUND).toList();
        double[] n = found.stream().mapToDouble(c -> c.nStar()).toArray();
        double[] k = found.stream().mapToDouble(c -> c.cell().k()).toArray();
        double[] d = found.stream().mapToDouble(c -> c.cell().d()).toArray();
        double[] e = found.stream().mapToDouble(c -> c.cell().eps()).toArray();
        return Fit.of(n, k, d, e, BOOTSTRAP, BOOTSTRAP_SEED);
    }

    /**
     * Rewrites complexity/probes, complexity/cells, complexity/theorem and (when the search is
     * over) complexity/fit.
     */
    static void writeTables(ComplexitySpec spec, ResultsFolder folder, List<CellSearch> cells,
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
                    String id = runId(spec, c, p.n(), seed);
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
        Fit fit = over ? fit(cells) : null;
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

    /** The cells' outcomes as a terminal table. */
    public static String table(ComplexitySpec spec, List<CellSearch> cells) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-42s %4s %9s %17s %7s %6s %9s%n", "cell", "K", "outcome", "N* (bracket)",
                "probes", "runs", "full grid"));
        for (CellSearch s : cells) {
            String bracket = s.nStar() == null ? "-" : s.nStar() + " (" + (s.bracketLow() == null ? "-" : s.bracketLow())
                    + ", " + s.bracketHigh() + "]";
            b.append(String.format(Locale.ROOT, "%-42s %4d %9s %17s %7d %6d %9d%n", s.cell().label(), s.cell().k(),
                    s.outcome().name().toLowerCase(Locale.ROOT), bracket, s.probes().size(),
                    s.probes().size() * spec.seeds().size(), s.fullGridPoints() * spec.seeds().size()));
        }
        return b.toString();
    }
}
