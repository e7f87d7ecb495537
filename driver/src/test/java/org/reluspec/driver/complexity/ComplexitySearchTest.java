package org.reluspec.driver.complexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.ComplexityCommand;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.Table;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.RunRecord;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.plan.PlannedRun;
import org.reluspec.driver.spark.RunTask;
import org.reluspec.driver.spark.SparkSweep;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.RunResult;

/** The search on real runs: against a direct scan, and resumed after an interruption (Spark). */
class ComplexitySearchTest {
    /** One small cell whose N* is a few lattice steps above the smallest theory set (6 samples). */
    static final String SMALL = """
            name: small
            cells: {d: 12, m: 2, multi: 2, eps: 0.1, data: theory}
            fixed: {c: 10, N_eval: 1000, use_sgd: true, batchsize: 16, lr: 0.01, teacher_strength_decay: 0,
                    finish: levenberg_marquardt}
            success: {criterion: angle, delta: 0.34}
            seeds: 3
            budget: {num_epoch: 2, num_iter_per_epoch: 400, grad_target: theory, grad_constant: 1.0}
            search: {start: 12, resolution: 0.1, max: 5000}
            """;

    @TempDir
    Path dir;

    /** Runs a round in this process (no Spark), committing every run through the results folder. */
    static ComplexitySearch.Executor inProcess(ResultsFolder folder, int[] trained) {
        return plan -> {
            RunTask task = new RunTask(plan.grid(), 1, "test", null);
            List<RunRecord> batch = new ArrayList<>();
            for (PlannedRun r : plan.todo()) {
                batch.add(task.run(r.index(), 0));
                trained[0]++;
            }
            folder.commit(batch);
            return true;
        };
    }

    static ResultsFolder folder(Path root, ComplexitySpec spec) {
        ResultsFolder f = ResultsFolder.open(root.toString(), spec.name(), new Configuration());
        f.check(spec.canonicalBody());
        f.prepare(spec.toYaml());
        return f;
    }

    @Test
    void theSearchFindsTheNStarOfADirectScanOverTheSameLatticeAndSeeds() throws Exception {
        ComplexitySpec spec = ComplexityLoader.parse(SMALL, "small.yaml", List.of());
        ResultsFolder folder = folder(dir, spec);
        int[] trained = {0};
        ComplexitySearch.Result r = ComplexitySearch.run(spec, folder, inProcess(folder, trained), 0,
                new PrintStream(new ByteArrayOutputStream()));
        CellSearch s = r.cells().get(0);
        assertEquals(CellSearch.Outcome.FOUND, s.outcome(), ComplexityTable.table(spec, r.cells()));

        // The scan: every distinct N of the lattice from the smallest set upward, the same seeds,
        // success (reached the target and specialized) decided from the engine's result directly
        // (not from the Parquet read-back).
        Cell c = s.cell();
        int l = spec.stepsPerDoubling();
        int jMin = -l;
        while (s.n(jMin - 1) >= c.granularity() && s.n(jMin - 1) < s.n(jMin)) {
            jMin--;
        }
        Integer scanned = null;
        int scanRuns = 0;
        int prev = -1;
        for (int j = jMin; scanned == null && s.n(j) <= spec.max(); j++) {
            int n = s.n(j);
            if (n == prev) {
                continue;
            }
            prev = n;
            int successes = 0;
            for (int seed : spec.seeds()) {
                RunResult res = Runner.run(RunSpec.resolve(spec.runValues(c, n, seed)));
                scanRuns++;
                double worst = 0;
                for (double a : res.layers().get(0).bestAngle()) {
                    worst = Math.max(worst, a);
                }
                successes += res.status() == org.reluspec.jobs.run.Status.OK
                        && res.stoppedBy() == org.reluspec.jobs.run.StopReason.GRADIENT_TARGET && worst < c.eps() ? 1 : 0;
            }
            if (successes >= spec.successesNeeded()) {
                scanned = n;
            }
        }
        assertEquals(scanned, s.nStar(), "search " + s.probes() + " vs scan");
        assertTrue(s.bracketLow() < s.nStar());
        assertEquals(trained[0], r.runsUsed(spec.seeds().size()), "one run per probe and seed");
        System.out.printf("small cell: N* = %d, search %d runs, scan up to N* %d runs, full grid %d runs%n",
                s.nStar(), trained[0], scanRuns, r.fullGridRuns(spec.seeds().size()));
    }

    /** The theorem table read back from Parquet against a direct count over the engine's results of the same runs. */
    @Test
    void theTheoremTableCountsTheCommittedRuns() throws Exception {
        ComplexitySpec spec = ComplexityLoader.parse(SMALL, "small.yaml", List.of());
        ResultsFolder folder = folder(dir, spec);
        ComplexitySearch.run(spec, folder, inProcess(folder, new int[1]), 0, new PrintStream(new ByteArrayOutputStream()));
        Table t = Schema.THEOREM;
        List<Object[]> rows = new ArrayList<>();
        ParquetIO.forEach(folder.conf(), new org.apache.hadoop.fs.Path(folder.root(), "complexity/theorem/part-000000-000000.parquet"),
                t, null, g -> {
                    Object[] row = new Object[t.columns().size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = ParquetIO.value(g, t.columns().get(i));
                    }
                    rows.add(row);
                });
        assertTrue(rows.size() >= 2, "a row per probed N");
        Cell c = spec.cells().get(0);
        int reachedAll = 0;
        Integer smallestClean = null;
        boolean clean = true;
        rows.sort(java.util.Comparator.comparingInt(r -> -(Integer) r[t.indexOf("N")]));
        for (Object[] row : rows) {
            int n = (Integer) row[t.indexOf("N")];
            int reached = 0;
            int specializedReached = 0;
            int stalled = 0;
            int budget = 0;
            for (int seed : spec.seeds()) {
                RunResult res = Runner.run(RunSpec.resolve(spec.runValues(c, n, seed)));
                double worst = java.util.Arrays.stream(res.layers().get(0).bestAngle()).max().getAsDouble();
                boolean atTarget = res.stoppedBy() == org.reluspec.jobs.run.StopReason.GRADIENT_TARGET;
                reached += atTarget ? 1 : 0;
                specializedReached += atTarget && worst < c.eps() ? 1 : 0;
                stalled += res.stoppedBy() == org.reluspec.jobs.run.StopReason.STALLED ? 1 : 0;
                budget += res.stoppedBy() == org.reluspec.jobs.run.StopReason.BUDGET ? 1 : 0;
            }
            assertEquals(reached, row[t.indexOf("reached_target")], "N=" + n);
            assertEquals(specializedReached, row[t.indexOf("specialized_reached")], "N=" + n);
            assertEquals(stalled, row[t.indexOf("stalled")], "N=" + n);
            assertEquals(budget, row[t.indexOf("budget")], "N=" + n);
            assertEquals(n / (Math.pow(c.k(), 2.5) * Math.pow(c.d(), 3) / c.eps()),
                    (Double) row[t.indexOf("bound_ratio")], 1e-15);
            reachedAll += reached;
            clean &= specializedReached == reached;
            if (clean && reached > 0) {
                smallestClean = n;
            }
        }
        assertTrue(reachedAll > 0, "some runs reached the target");
        String shown = ComplexityTable.summary(spec, folder);
        assertTrue(shown.contains("theorem check"), shown);
        assertTrue(shown.contains(smallestClean == null ? " - " : " " + smallestClean + " "), shown);
    }

    @Test
    void anInterruptedSearchResumesAndReusesTheCommittedProbes() throws Exception {
        String text = SMALL.replace("eps: 0.1", "eps: [0.2, 0.1]");
        ComplexitySpec spec = ComplexityLoader.parse(text, "small.yaml", List.of());
        SparkSweep.Options options = new SparkSweep.Options("local[2]", Map.of("spark.ui.enabled", "false"),
                1000, 0.5, 32, 0, false);
        ResultsFolder folder = ResultsFolder.open(dir.resolve("spark").toString(), spec.name(), new Configuration());
        folder.check(spec.canonicalBody());
        ByteArrayOutputStream out1 = new ByteArrayOutputStream();
        int code = ComplexityCommand.execute(spec, folder, options, "none", 1, print(out1), print(out1));
        assertEquals(4, code, out1.toString(StandardCharsets.UTF_8));
        Set<String> afterFirst = folder.committedRunIds();
        assertEquals(2 * 3, afterFirst.size(), "round 1: the start N of both cells, 3 seeds each");

        ResultsFolder again = ResultsFolder.open(dir.resolve("spark").toString(), spec.name(), new Configuration());
        Set<String> done = again.check(spec.canonicalBody());
        assertEquals(afterFirst, done);
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        code = ComplexityCommand.execute(spec, again, options, "none", 0, print(out2), print(out2));
        String text2 = out2.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text2);

        // The same search without interruption, in another folder: the same cells, the same runs.
        ResultsFolder clean = folder(dir.resolve("clean"), spec);
        int[] trained = {0};
        ComplexitySearch.Result whole = ComplexitySearch.run(spec, clean, inProcess(clean, trained), 0,
                new PrintStream(new ByteArrayOutputStream()));
        Set<String> all = again.committedRunIds();
        assertEquals(clean.committedRunIds(), all, "the resumed search ran exactly the uninterrupted one's runs");
        assertTrue(text2.contains((all.size() - afterFirst.size()) + " runs trained"), "only the missing runs: " + text2);
        assertEquals(all.size(), count(again, Schema.RUNS), "no run committed twice");
        ComplexitySearch.Result resumed = ComplexitySearch.run(spec, again, plan -> {
            throw new AssertionError("a finished search runs nothing");
        }, 0, new PrintStream(new ByteArrayOutputStream()));
        for (int i = 0; i < whole.cells().size(); i++) {
            assertEquals(whole.cells().get(i).nStar(), resumed.cells().get(i).nStar());
            assertEquals(whole.cells().get(i).probes(), resumed.cells().get(i).probes());
        }
        // The complexity tables are in place and hold a row per probe run and per cell.
        assertEquals(resumed.runsUsed(3), count(again, Schema.PROBES));
        assertEquals(2, count(again, Schema.CELLS));
    }

    static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    /** Rows of a dataset (its committed files) or of a complexity table. */
    static int count(ResultsFolder f, Table t) throws IOException {
        List<org.apache.hadoop.fs.Path> files = Schema.COMPLEXITY.contains(t)
                ? List.of(new org.apache.hadoop.fs.Path(f.root(), "complexity/" + t.name() + "/part-000000-000000.parquet"))
                : f.validFiles(t);
        int[] n = {0};
        for (org.apache.hadoop.fs.Path p : files) {
            ParquetIO.forEach(f.conf(), p, t, null, g -> n[0]++);
        }
        return n[0];
    }
}
