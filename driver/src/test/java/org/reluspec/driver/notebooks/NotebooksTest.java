package org.reluspec.driver.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Main;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;

/**
 * Every notebook of notebooks/ executes end to end with Debian's Jupyter stack (/usr/bin/python3,
 * nbclient, no pyarrow: the loader goes through {@code bin/sweep export}) on the results of real
 * sweeps run here through the command line; every figure is written; and plotted numbers agree
 * with an independent reading of the Parquet files.
 */
class NotebooksTest {
    static final String PYTHON = "/usr/bin/python3";
    static final String MODULES = "nbclient, nbformat, nbconvert, ipykernel, matplotlib_inline, pandas, matplotlib, scipy";

    @TempDir
    Path dir;

    static final String TWO_LAYER = """
            name: nbtwo
            experiment: two_layer
            fixed: {d: 10, m: 4, c: 5, N_train: 400, N_eval: 400, num_epoch: 8, num_iter_per_epoch: 300,
                    batchsize: 16, use_sgd: true, lr: 0.02}
            grid:
              multi: [1, 2]
              teacher_strength_decay: [0, 2]
              seed: [1, 2]
            """;
    static final String MULTI_LAYER = """
            name: nbmulti
            experiment: multi_layer
            fixed: {ks: [5, 6], data_d: 5, d_output: 5, N_eval: 400, random_dataset_size: 1000, num_epoch: 4,
                    batchsize: 32}
            grid:
              node_multi: [1, 2]
              seed: [1, 2]
            """;

    @Test
    void everyNotebookRunsOnRealSweepsWritesItsFiguresAndPlotsWhatTheParquetHolds() throws Exception {
        requireJupyterStack();
        Path root = repoRoot();
        Path out = dir.resolve("results");
        Path two = sweep(dir, TWO_LAYER, out, "nbtwo");
        Path multi = sweep(dir, MULTI_LAYER, out, "nbmulti");
        Path complexity = syntheticComplexity(two, out.resolve("complexity"));

        Map<String, Set<String>> executed = new HashMap<>();
        // Each folder also gets the notebooks of the other experiment: they must say so and draw nothing.
        Path figTwo = runNotebooks(root, two, executed, "two_layer", "overview", "sample_complexity", "multi_layer");
        Path figMulti = runNotebooks(root, multi, executed, "multi_layer", "overview", "two_layer");
        Path figComplexity = runNotebooks(root, complexity, executed, "sample_complexity");

        try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
            Set<String> all = new LinkedHashSet<>(s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".ipynb")).map(n -> n.replace(".ipynb", "")).sorted().toList());
            assertEquals(all, executed.keySet(), "every notebook is executed by this test");
        }
        figures(figTwo, "two_layer_lshape", "two_layer_success_rate", "two_layer_convergence", "two_layer_first_epoch",
                "overview_status", "overview_time_by_config", "overview_slowest_runs");
        figures(figMulti, "multi_layer_corr_over_epochs", "multi_layer_final_corr", "multi_layer_match_counts",
                "overview_status", "overview_time_by_config", "overview_slowest_runs");
        figures(figComplexity, "complexity_success", "complexity_nstar", "complexity_theorem", "complexity_endings");
        try (Stream<Path> s = Files.list(figTwo)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("complexity_")),
                    "without complexity datasets the notebook draws nothing");
        }

        refused(figTwo, dir.resolve("executed-nbtwo/multi_layer.ipynb"), "multi_layer_",
                "No multi_layer runs in " + two.toRealPath() + ": this folder holds 8 two_layer runs.");
        refused(figMulti, dir.resolve("executed-nbmulti/two_layer.ipynb"), "two_layer_",
                "No two_layer runs in " + multi.toRealPath() + ": this folder holds 4 multi_layer runs.");
        refused(figTwo, dir.resolve("executed-nbtwo/sample_complexity.ipynb"), "complexity_",
                "No sample-complexity results in " + two.toRealPath());

        checkSuccessRates(two, figTwo.resolve("two_layer_success_rate.csv"));
        checkLongFormat(root, two, 8 * 9 * 4);     // runs x epochs (-1 .. 7) x teacher nodes
        checkLongFormat(root, multi, 4 * 5 * 5);   // runs x epochs (-1 .. 3) x lowest-layer teacher nodes
        checkStatusCounts(two, figTwo.resolve("overview_status.csv"), 8);
        checkStatusCounts(multi, figMulti.resolve("overview_status.csv"), 4);
        checkExponents(figComplexity.resolve("complexity_exponents.csv"));
        checkTheorem(figComplexity);
    }

    /** The theorem figure's and the endings figure's numbers against the synthetic table's totals. */
    static void checkTheorem(Path figures) throws IOException {
        List<Map<String, String>> rows = csv(figures.resolve("complexity_theorem.csv"));
        assertEquals(SYNTHETIC_THEOREM[2], rows.size(), "a point per (cell, N) with a reached-target run");
        int reached = 0;
        int specialized = 0;
        for (Map<String, String> r : rows) {
            int a = (int) Double.parseDouble(r.get("reached_target"));
            int b = (int) Double.parseDouble(r.get("specialized_reached"));
            reached += a;
            specialized += b;
            assertEquals((double) b / a, Double.parseDouble(r.get("share")), 1e-12, r.toString());
        }
        assertEquals(SYNTHETIC_THEOREM[0], reached);
        assertEquals(SYNTHETIC_THEOREM[1], specialized);
        int stalled = csv(figures.resolve("complexity_endings.csv")).stream()
                .mapToInt(r -> (int) Double.parseDouble(r.get("stalled"))).sum();
        assertEquals(SYNTHETIC_THEOREM[3], stalled);
    }

    // ---- the Jupyter stack ------------------------------------------------------------------

    static boolean hasStack() throws Exception {
        if (!new File(PYTHON).canExecute()) {
            return false;
        }
        return exec(List.of(PYTHON, "-c", "import " + MODULES), Map.of(), null, 120).code == 0;
    }

    /** bin/test installs the stack; here it is installed too where apt can, and skipped only where it cannot. */
    static void requireJupyterStack() throws Exception {
        if (hasStack()) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean apt = new File("/usr/bin/apt-get").canExecute();
        Assumptions.assumeTrue(root && apt, "SKIPPED: " + PYTHON + " lacks " + MODULES
                + " and apt-get cannot install them here (not root or no apt); bin/test installs them");
        Result r = exec(List.of("/bin/sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install"
                + " -y -qq python3-nbclient python3-nbformat python3-ipykernel python3-matplotlib-inline python3-pandas python3-matplotlib"
                + " python3-scipy jupyter-nbconvert"), Map.of(), null, 900);
        assertTrue(hasStack(), "installing the Debian Jupyter stack failed:\n" + r.output);
    }

    // ---- real sweeps through the command line ------------------------------------------------

    static Path sweep(Path dir, String yaml, Path out, String name) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"run", file.toString(), "--out", out.toString(), "--master", "local[2]",
                "--progress", "none", "--conf", "spark.ui.enabled=false"},
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(o, true, StandardCharsets.UTF_8));
        assertEquals(0, code, o.toString(StandardCharsets.UTF_8));
        return out.resolve(name);
    }

    /**
     * A results folder with the sample-complexity datasets the search will write, filled with
     * N* = 3 K^{5/2} d^3 / eps times log-normal noise (27 cells, one without N*), and probes
     * that succeed above N*: the notebook must find the generating exponents again.
     */
    /** Totals of the synthetic theorem table: reached, specialized among them, rows with a reached run, stalled. */
    static final int[] SYNTHETIC_THEOREM = new int[4];

    static Path syntheticComplexity(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve("sweep.yaml"), to.resolve("sweep.yaml"));
        for (String d : List.of("runs", "epochs", "nodes", "students")) {
            Files.createDirectories(to.resolve(d));
            try (Stream<Path> s = Files.list(from.resolve(d))) {
                for (Path p : s.toList()) {
                    Files.copy(p, to.resolve(d).resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        MessageType cells = Types.buildMessage()
                .optional(PrimitiveTypeName.INT32).named("cell")
                .optional(PrimitiveTypeName.INT32).named("d")
                .optional(PrimitiveTypeName.INT32).named("m")
                .optional(PrimitiveTypeName.INT32).named("multi")
                .optional(PrimitiveTypeName.INT32).named("K")
                .optional(PrimitiveTypeName.DOUBLE).named("eps")
                .optional(PrimitiveTypeName.INT64).named("n_star")
                .optionalList().requiredElement(PrimitiveTypeName.INT64).named("bracket")
                .named("complexity_cells");
        MessageType probes = Types.buildMessage()
                .optional(PrimitiveTypeName.INT32).named("cell")
                .optional(PrimitiveTypeName.INT64).named("N")
                .optional(PrimitiveTypeName.INT32).named("seed")
                .optional(PrimitiveTypeName.BOOLEAN).named("success")
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("run_id")
                .named("complexity_probes");
        MessageType theorem = Types.buildMessage()
                .optional(PrimitiveTypeName.INT32).named("cell")
                .optional(PrimitiveTypeName.INT32).named("N")
                .optional(PrimitiveTypeName.DOUBLE).named("bound_ratio")
                .optional(PrimitiveTypeName.INT32).named("runs")
                .optional(PrimitiveTypeName.INT32).named("reached_target")
                .optional(PrimitiveTypeName.INT32).named("specialized_reached")
                .optional(PrimitiveTypeName.INT32).named("stalled")
                .optional(PrimitiveTypeName.INT32).named("budget")
                .optional(PrimitiveTypeName.INT32).named("diverged")
                .named("complexity_theorem");
        SimpleGroupFactory tf = new SimpleGroupFactory(theorem);
        List<Group> theoremRows = new ArrayList<>();
        Random rnd = new Random(7);
        List<Group> cellRows = new ArrayList<>();
        List<Group> probeRows = new ArrayList<>();
        SimpleGroupFactory cf = new SimpleGroupFactory(cells);
        SimpleGroupFactory pf = new SimpleGroupFactory(probes);
        int cell = 0;
        for (int k : new int[] {8, 16, 32}) {
            for (int d : new int[] {10, 20, 40}) {
                for (double eps : new double[] {0.05, 0.1, 0.2}) {
                    double nStar = 3 * Math.pow(k, 2.5) * Math.pow(d, 3) / eps * Math.exp(0.1 * rnd.nextGaussian());
                    Group g = cf.newGroup().append("cell", cell).append("d", d).append("m", k / 2)
                            .append("multi", 1).append("K", k).append("eps", eps);
                    boolean found = cell != 5;
                    if (found) {
                        g.append("n_star", Math.round(nStar));
                        Group list = g.addGroup("bracket");
                        list.addGroup("list").append("element", Math.round(nStar / 1.3));
                        list.addGroup("list").append("element", Math.round(nStar));
                    }
                    cellRows.add(g);
                    for (double f : new double[] {0.25, 0.5, 1, 2, 4}) {
                        // Of 4 runs: some reach the target, the others stall or hit the budget;
                        // below N* some reached-target runs do not specialize (counterexamples).
                        int reached = rnd.nextInt(5);
                        int specialized = f >= 1 ? reached : rnd.nextInt(reached + 1);
                        int stalled = rnd.nextInt(4 - reached + 1);
                        long n = Math.round(f * nStar);
                        theoremRows.add(tf.newGroup().append("cell", cell).append("N", (int) Math.min(n, Integer.MAX_VALUE))
                                .append("bound_ratio", n / (Math.pow(k, 2.5) * Math.pow(d, 3) / eps)).append("runs", 4)
                                .append("reached_target", reached).append("specialized_reached", specialized)
                                .append("stalled", stalled).append("budget", 4 - reached - stalled).append("diverged", 0));
                        SYNTHETIC_THEOREM[0] += reached;
                        SYNTHETIC_THEOREM[1] += specialized;
                        SYNTHETIC_THEOREM[2] += reached > 0 ? 1 : 0;
                        SYNTHETIC_THEOREM[3] += stalled;
                        for (int seed = 1; seed <= 4; seed++) {
                            boolean success = found && Math.log(f) + 0.5 * rnd.nextGaussian() >= 0;
                            probeRows.add(pf.newGroup().append("cell", cell).append("N", Math.round(f * nStar))
                                    .append("seed", seed).append("success", success).append("run_id", "synthetic"));
                        }
                    }
                    cell++;
                }
            }
        }
        write(to.resolve("complexity/cells/part-000000-000000.parquet"), cells, cellRows);
        write(to.resolve("complexity/probes/part-000000-000000.parquet"), probes, probeRows);
        write(to.resolve("complexity/theorem/part-000000-000000.parquet"), theorem, theoremRows);
        return to;
    }

    static void write(Path file, MessageType schema, List<Group> rows) throws IOException {
        Files.createDirectories(file.getParent());
        Configuration conf = new Configuration();
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), conf)).withConf(conf).withType(schema).build()) {
            for (Group g : rows) {
                w.write(g);
            }
        }
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }

    // ---- the notebooks -------------------------------------------------------------------------

    /** Runs notebooks (by name) on one results folder; returns the figures folder. */
    Path runNotebooks(Path root, Path results, Map<String, Set<String>> executed, String... names) throws Exception {
        Path figures = dir.resolve("figures-" + results.getFileName());
        List<String> cmd = new ArrayList<>(List.of(PYTHON, root.resolve("notebooks/run_notebooks.py").toString(),
                "--out", dir.resolve("executed-" + results.getFileName()).toString(), "--timeout", "300"));
        for (String n : names) {
            cmd.add(root.resolve("notebooks/" + n + ".ipynb").toString());
            executed.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(results.toString());
        }
        Map<String, String> env = new HashMap<>();
        env.put("RELUSPEC_RESULTS", results.toString());
        env.put("RELUSPEC_FIGURES", figures.toString());
        env.put("RELUSPEC_READER", "export"); // the path that needs no pyarrow, even where it is installed
        env.put("RELUSPEC_SWEEP", sweepCommand(dir).toString());
        env.put("MPLBACKEND", "agg");
        Result r = exec(cmd, env, root.resolve("notebooks"), 600);
        if (r.code != 0) {
            fail("notebooks failed on " + results.getFileName() + ":\n" + r.output);
        }
        return figures;
    }

    /** The reluspec command line on this test's class path (bin/sweep would build the jar first). */
    static Path sweepCommand(Path dir) throws IOException {
        Path script = dir.resolve("sweep.sh");
        if (Files.exists(script)) {
            return script;
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.writeString(dir.resolve("classpath.txt"), cp);
        StringBuilder flags = new StringBuilder();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("--add-exports")) {
                flags.append(' ').append(shellQuote(a));
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexec " + shellQuote(java) + " -Xmx1g" + flags
                + " -cp \"$(cat " + shellQuote(dir.resolve("classpath.txt").toString()) + ")\""
                + " org.reluspec.driver.cli.Main \"$@\"\n");
        assertTrue(script.toFile().setExecutable(true));
        return script;
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static void figures(Path folder, String... names) throws IOException {
        for (String n : names) {
            Path png = folder.resolve(n + ".png");
            assertTrue(Files.isRegularFile(png), "figure written: " + png);
            assertTrue(Files.size(png) > 1000, "figure not empty: " + png);
            byte[] head = Files.readAllBytes(png);
            assertEquals((byte) 0x89, head[0], "a PNG: " + png);
            assertEquals('P', head[1], "a PNG: " + png);
        }
    }

    /** A notebook on a folder without its experiment: executed without error, said so, and drew nothing. */
    static void refused(Path figures, Path executedNotebook, String figurePrefix, String message) throws IOException {
        StringBuilder text = new StringBuilder();
        JsonNode nb = new ObjectMapper().readTree(executedNotebook.toFile());
        for (JsonNode cell : nb.path("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                assertTrue(!o.path("output_type").asText().equals("error"), executedNotebook + ": " + o);
                o.path("text").forEach(t -> text.append(t.asText()));
                if (o.path("text").isTextual()) {
                    text.append(o.path("text").asText());
                }
            }
        }
        assertTrue(text.toString().contains(message), executedNotebook + " says: " + text);
        try (Stream<Path> s = Files.list(figures)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(figurePrefix)),
                    "no figure drawn by " + executedNotebook.getFileName());
        }
    }

    /**
     * The loader's long format (one row per run x epoch x teacher node with the run's parameters)
     * against the Parquet files read here: same rows, same values.
     */
    void checkLongFormat(Path root, Path results, int rows) throws Exception {
        Path csvFile = dir.resolve("long-" + results.getFileName() + ".csv");
        String script = "import sys\nfrom reluspec_results import load\n"
                + "long = load(sys.argv[1]).epochs_long()\n"
                + "long[['run_id', 'epoch', 'teacher_node', 'best_corr_eval', 'best_corr_train', 'best_student_eval',"
                + " 'eval_loss', 'fanout_norm', 'seed', 'status']].to_csv(sys.argv[2], index=False)\n";
        Map<String, String> env = new HashMap<>();
        env.put("RELUSPEC_READER", "export");
        env.put("RELUSPEC_SWEEP", sweepCommand(dir).toString());
        env.put("RELUSPEC_FIGURES", dir.resolve("figures-long").toString());
        Result r = exec(List.of(PYTHON, "-c", script, results.toString(), csvFile.toString()), env,
                root.resolve("notebooks"), 300);
        assertEquals(0, r.code, r.output);

        Map<String, Map<String, Object>> runs = new HashMap<>();
        read(results, Schema.RUNS).forEach(run -> runs.put((String) run.get("run_id"), run));
        Map<String, Double> fanout = new HashMap<>();
        for (Map<String, Object> n : read(results, Schema.NODES)) {
            if ((Integer) n.get("layer") == 0) {
                fanout.put(n.get("run_id") + "/" + n.get("teacher_node"), (Double) n.get("fanout_norm"));
            }
        }
        Map<String, List<Object>> expected = new TreeMap<>();
        for (Map<String, Object> e : read(results, Schema.EPOCHS)) {
            double[] eval = (double[]) e.get("best_corr_eval");
            double[] train = (double[]) e.get("best_corr_train");
            int[] student = (int[]) e.get("best_student_eval");
            Map<String, Object> run = runs.get((String) e.get("run_id"));
            for (int k = 0; k < eval.length; k++) {
                expected.put(e.get("run_id") + "/" + e.get("epoch") + "/" + k, List.of(eval[k], train[k],
                        (double) student[k], e.get("eval_loss"), fanout.get(e.get("run_id") + "/" + k),
                        ((Number) run.get("seed")).doubleValue(), run.get("status")));
            }
        }
        Map<String, List<Object>> got = new TreeMap<>();
        for (Map<String, String> row : csv(csvFile)) {
            got.put(row.get("run_id") + "/" + row.get("epoch") + "/" + row.get("teacher_node"), List.of(
                    Double.parseDouble(row.get("best_corr_eval")), Double.parseDouble(row.get("best_corr_train")),
                    Double.parseDouble(row.get("best_student_eval")), Double.parseDouble(row.get("eval_loss")),
                    Double.parseDouble(row.get("fanout_norm")), Double.parseDouble(row.get("seed")), row.get("status")));
        }
        assertEquals(rows, expected.size(), "rows of the test sweep");
        assertEquals(expected.keySet(), got.keySet(), "one row per run x epoch x teacher node");
        expected.forEach((k, v) -> assertEquals(v, got.get(k), k));
    }

    // ---- independent checks of plotted numbers --------------------------------------------------

    static List<Map<String, Object>> read(Path results, Table t) throws IOException {
        ResultsFolder folder = ResultsFolder.at(results.toString(), new Configuration());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (org.apache.hadoop.fs.Path p : folder.validFiles(t)) {
            ParquetIO.forEach(folder.conf(), p, t, null, g -> {
                Map<String, Object> row = new HashMap<>();
                t.columns().forEach(c -> row.put(c.name(), ParquetIO.value(g, c)));
                rows.add(row);
            });
        }
        return rows;
    }

    static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], v[i]);
            }
            out.add(row);
        }
        return out;
    }

    /**
     * The success-rate figure: per (p, multi, teacher node), the fraction of seeds with best eval
     * correlation >= 0.95, early (the epoch closest to 5, from epochs) and final (from nodes).
     */
    static void checkSuccessRates(Path results, Path csvFile) throws IOException {
        assertEquals(2 * 4 * 4, checkSuccessRates(results, csvFile, run -> true), "2 stages x 4 cells x 4 teacher nodes");
    }

    /** As above over the runs that {@code keep} accepts; returns the number of (stage, cell, node) rates. */
    static int checkSuccessRates(Path results, Path csvFile, Predicate<Map<String, Object>> keep) throws IOException {
        Map<String, Map<String, Object>> runs = new HashMap<>();
        read(results, Schema.RUNS).stream().filter(keep).forEach(r -> runs.put((String) r.get("run_id"), r));
        Map<String, int[]> expected = new TreeMap<>(); // key -> {successes, seeds}
        Map<String, Integer> bestEpoch = new HashMap<>();
        Map<String, double[]> earlyCorr = new HashMap<>();
        for (Map<String, Object> e : read(results, Schema.EPOCHS)) {
            String id = (String) e.get("run_id");
            if (!runs.containsKey(id)) {
                continue;
            }
            int epoch = (Integer) e.get("epoch");
            Integer best = bestEpoch.get(id);
            if (best == null || Math.abs(epoch - 5) < Math.abs(best - 5)) {
                bestEpoch.put(id, epoch);
                earlyCorr.put(id, (double[]) e.get("best_corr_eval"));
            }
        }
        earlyCorr.forEach((id, corr) -> {
            for (int k = 0; k < corr.length; k++) {
                tally(expected, key(runs.get(id), "early", k), corr[k] >= 0.95);
            }
        });
        for (Map<String, Object> n : read(results, Schema.NODES)) {
            if ((Integer) n.get("layer") == 0 && runs.containsKey((String) n.get("run_id"))) {
                tally(expected, key(runs.get((String) n.get("run_id")), "final", (Integer) n.get("teacher_node")),
                        (Double) n.get("best_corr_eval") >= 0.95);
            }
        }
        Map<String, double[]> plotted = new TreeMap<>();
        for (Map<String, String> r : csv(csvFile)) {
            String k = String.format("p=%s multi=%s %s node=%s", (double) Double.parseDouble(r.get("p")),
                    r.get("multi"), r.get("stage"), r.get("teacher_node"));
            plotted.put(k, new double[] {Double.parseDouble(r.get("success_rate")), Double.parseDouble(r.get("seeds"))});
        }
        assertEquals(expected.keySet(), plotted.keySet());
        boolean someSuccess = false;
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            double rate = (double) e.getValue()[0] / e.getValue()[1];
            assertEquals(rate, plotted.get(e.getKey())[0], 1e-12, e.getKey());
            assertEquals(e.getValue()[1], plotted.get(e.getKey())[1], 0, e.getKey());
            someSuccess |= rate > 0;
        }
        assertTrue(someSuccess, "some teacher nodes specialize in the test sweep");
        return expected.size();
    }

    static String key(Map<String, Object> run, String stage, int node) {
        return String.format("p=%s multi=%s %s node=%d", run.get("teacher_strength_decay"), run.get("multi"), stage, node);
    }

    static void tally(Map<String, int[]> m, String key, boolean success) {
        int[] c = m.computeIfAbsent(key, k -> new int[2]);
        c[0] += success ? 1 : 0;
        c[1]++;
    }

    static void checkStatusCounts(Path results, Path csvFile, int runs) throws IOException {
        checkStatusCounts(results, csvFile, runs, run -> true);
    }

    static void checkStatusCounts(Path results, Path csvFile, int runs, Predicate<Map<String, Object>> keep)
            throws IOException {
        Map<String, Integer> expected = new TreeMap<>();
        for (Map<String, Object> r : read(results, Schema.RUNS).stream().filter(keep).toList()) {
            expected.merge(r.get("experiment") + "/" + r.get("status"), 1, Integer::sum);
        }
        Map<String, Integer> plotted = new TreeMap<>();
        for (Map<String, String> r : csv(csvFile)) {
            plotted.put(r.get("experiment") + "/" + r.get("status"), Integer.parseInt(r.get("runs")));
        }
        assertEquals(expected, plotted);
        assertEquals(runs, expected.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** The synthetic N* follows K^{5/2} d^3 / eps: the fitted exponents must find 2.5, 3 and 1 again. */
    static void checkExponents(Path csvFile) throws IOException {
        Map<String, Double> truth = Map.of("K", 2.5, "d", 3.0, "inv_eps", 1.0);
        List<Map<String, String>> rows = csv(csvFile);
        assertEquals(3, rows.size(), rows.toString());
        for (Map<String, String> r : rows) {
            double b = Double.parseDouble(r.get("exponent"));
            double lo = Double.parseDouble(r.get("low"));
            double hi = Double.parseDouble(r.get("high"));
            double t = truth.get(r.get("variable"));
            assertEquals(t, b, 0.15, r.toString());
            assertTrue(lo < b && b < hi && hi - lo < 0.5, r.toString());
            assertEquals(26, Integer.parseInt(r.get("cells")), "the cell without N* is left out");
        }
    }

    // ---- processes ---------------------------------------------------------------------------------

    record Result(int code, String output) {
    }

    static Result exec(List<String> cmd, Map<String, String> env, Path cwd, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        Path log = Files.createTempFile("reluspec-exec", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out after " + timeoutSeconds + " s: " + cmd + "\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        return new Result(p.exitValue(), output);
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("notebooks"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "notebooks/ found above " + Path.of("").toAbsolutePath());
        return p;
    }
}
