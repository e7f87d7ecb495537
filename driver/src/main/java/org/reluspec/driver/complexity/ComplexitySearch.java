package org.reluspec.driver.complexity;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.sweep.RunList;
import org.reluspec.jobs.params.RunSpec;

/**
 * The sample-complexity search over every cell at once (its Parquet rows: {@link ComplexityRows};
 * its terminal tables: {@link ComplexityTable}). Its state is re-derived from the runs
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
            ComplexityRows.write(spec, folder, cells, measured);
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

    static Fit fit(List<CellSearch> cells) {
        List<CellSearch> found = cells.stream().filter(c -> c.outcome() == CellSearch.Outcome.FOUND).toList();
        double[] n = found.stream().mapToDouble(c -> c.nStar()).toArray();
        double[] k = found.stream().mapToDouble(c -> c.cell().k()).toArray();
        double[] d = found.stream().mapToDouble(c -> c.cell().d()).toArray();
        double[] e = found.stream().mapToDouble(c -> c.cell().eps()).toArray();
        return Fit.of(n, k, d, e, BOOTSTRAP, BOOTSTRAP_SEED);
    }
}
