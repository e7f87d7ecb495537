package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.multilayer.MultiLayerBench;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.twolayer.TwoLayerBench;
import org.reluspec.jobs.twolayer.TwoLayerSettings;

/**
 * {@code sweep bench}: microseconds per SGD step and per epoch of read-outs of the native engine
 * on the three configurations of the engine issue, with achieved GFLOP/s, the fraction of one
 * core's peak, bytes allocated per step, and the speed-up over textbook loops measured in the
 * same process.
 */
public final class BenchCommand {
    static final Map<String, String> CONFIGS = new LinkedHashMap<>();
    /** The paper's multi-layer width (conf/multilayer.yaml at node_multi 10), one step about 0.96 GFLOP. */
    static final String MULTI = "experiment=multi_layer ks=[50,75,100,125] node_multi=10 batchsize=64 data_d=20 "
            + "d_output=100 N_eval=10240";

    static {
        CONFIGS.put("small", "d=20 m=5 multi=2 c=10 batchsize=16");
        CONFIGS.put("paper", "d=100 m=20 multi=10 c=50 batchsize=16");
        CONFIGS.put("large", "d=100 m=50 multi=10 c=50 batchsize=256");
        CONFIGS.put("multi", MULTI);
    }

    private static final List<String> PRECISIONS = List.of("double", "float");

    static final CommandSyntax SYNTAX = new CommandSyntax("bench", CommandSyntax.Operands.NONE, List.of(
            Option.number("--seconds", "S", 0, "measuring time per configuration (default 1)"),
            Option.choices("--config", List.copyOf(CONFIGS.keySet()), "the configurations (default: all)"),
            Option.choices("--precision", PRECISIONS, "the precisions (default: both)"),
            Option.flag("--no-readouts", "steps only, no read-out timing"),
            Option.integer("--threads", "N", 1, "the multi-layer step also on N threads (speed-up over one thread)"),
            Option.flag("--reference", "also PyTorch (python3-torch, one thread, float32) on the multi-layer step,"
                    + " bench/reference_step.py, and the ratios")),
            "bin/sweep bench finish: the finishing phase against SGD alone (bin/sweep bench finish --help)\n");

    private BenchCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        double seconds = args.number("--seconds", 1.0);
        List<String> configs = args.words("--config", List.copyOf(CONFIGS.keySet()));
        List<String> precisions = args.words("--precision", PRECISIONS);
        boolean readouts = !args.given("--no-readouts");
        int threads = args.integer("--threads", 1);
        boolean reference = args.given("--reference");
        PeakFlops peak;
        try {
            peak = PeakFlops.measure();
        } catch (IOException | RuntimeException e) {
            err.println("error: bench: the peak measurement failed: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 4;
        }
        out.printf(Locale.ROOT, "native engine, one thread; peak per core, measured now (FMA on %d-bit vectors):"
                + " %.0f GFLOP/s double, %.0f float; the kernels use 256-bit vectors%n", peak.bits(),
                peak.doubleGflops(), peak.floatGflops());
        out.printf(Locale.ROOT, "%-6s %-6s %10s %9s %7s %9s %11s %12s %9s%n", "config", "prec", "us/step",
                "GFLOP/s", "%peak", "B/step", "naive us", "speed-up", "ms/read");
        out.println("(multi: the paper-width multi-layer step, wall time per step; its last three columns are CPU us"
                + " per step (all threads), GFLOP per CPU second, and set-up + first read-out in seconds; multiNt: on N"
                + " threads, %peak of one core)");
        Map<String, Multi> multi = new LinkedHashMap<>();
        for (String c : configs) {
            for (String p : precisions) {
                if (c.equals("multi")) {
                    Multi one = measureMulti(p, seconds, readouts, 1, peak);
                    multi.put(p + "/1", one);
                    out.println(one.line());
                    printLaterRun(out, one);
                    if (threads > 1) {
                        Multi more = measureMulti(p, seconds, readouts, threads, peak);
                        multi.put(p + "/" + threads, more);
                        out.println(more.line());
                        printLaterRun(out, more);
                        out.printf(Locale.ROOT, "  %s on %d threads: %.2fx one thread (wall), CPU time %.2fx%n", p,
                                threads, one.wallUs() / more.wallUs(), more.cpuUs() / one.cpuUs());
                    }
                } else {
                    out.println(measure(c, p, seconds, readouts, peak));
                }
                out.flush();
            }
        }
        if (reference) {
            return reference(out, err, multi);
        }
        return 0;
    }

    private static void printLaterRun(PrintStream out, Multi m) {
        if (Double.isFinite(m.laterSetupAndRead())) {
            out.printf(Locale.ROOT, "  set-up + first read-out of a later run in the same JVM (kernels compiled, as an"
                    + " executor's next run): %.2f s%n", m.laterSetupAndRead());
        }
    }

    /** PyTorch on the same step (bench/reference_step.py in a separate process), and the ratios. */
    private static int reference(PrintStream out, PrintStream err, Map<String, Multi> multi) {
        String defaults = System.getProperty("reluspec.sparkDefaults", "conf/spark-defaults.conf");
        java.nio.file.Path script = java.nio.file.Path.of(defaults).toAbsolutePath().getParent().getParent()
                .resolve("bench/reference_step.py");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "--steps", "200");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        String json;
        try {
            Process p = pb.start();
            json = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || json.isEmpty()) {
                err.println("error: --reference: " + script + " failed (needs /usr/bin/python3 with torch:"
                        + " apt-get install python3-torch)");
                return 2;
            }
        } catch (java.io.IOException e) {
            err.println("error: --reference: cannot run /usr/bin/python3: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 4;
        }
        com.fasterxml.jackson.databind.JsonNode r;
        try {
            r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            err.println("error: --reference: unexpected output of " + script + ": " + json);
            return 2;
        }
        double refWall = r.get("ms_per_step").asDouble() * 1e3;
        double refCpu = r.get("cpu_ms_per_step").asDouble() * 1e3;
        double refSetupEval = r.get("setup_s").asDouble() + r.get("eval_s").asDouble();
        double refSetupEvalCpu = r.get("setup_cpu_s").asDouble() + r.get("eval_cpu_s").asDouble();
        out.printf(Locale.ROOT, "reference (PyTorch %s, 1 thread, float32): %.1f us/step wall, %.1f us CPU, %.2f"
                        + " GFLOP/s per CPU second; set-up %.2f s + evaluation %.2f s (CPU %.2f + %.2f)%n",
                r.get("torch").asText(), refWall, refCpu, REFERENCE_FLOPS / refCpu / 1e3, r.get("setup_s").asDouble(),
                r.get("eval_s").asDouble(), r.get("setup_cpu_s").asDouble(), r.get("eval_cpu_s").asDouble());
        for (Map.Entry<String, Multi> e : multi.entrySet()) {
            Multi m = e.getValue();
            out.printf(Locale.ROOT, "  ours %-9s per step: %.2fx the reference's time (wall), %.2fx (CPU)", e.getKey(),
                    m.wallUs() / refWall, m.cpuUs() / refCpu);
            if (Double.isFinite(m.setupAndRead())) {
                out.printf(Locale.ROOT, "; set-up + first read-out %.2fx the reference's set-up + evaluation (wall),"
                                + " %.2fx (CPU: %.2f s); with an evaluation-only read-out (readout_train=false, %.2f s,"
                                + " timed after the first) %.2fx; a later run in the same JVM (a sweep's executor,"
                                + " kernels compiled): set-up + first read-out %.2f s, %.2fx",
                        m.setupAndRead() / refSetupEval, m.setupAndReadCpu() / refSetupEvalCpu, m.setupAndReadCpu(),
                        m.evalRead(), (m.setup() + m.evalRead()) / refSetupEval, m.laterSetupAndRead(),
                        m.laterSetupAndRead() / refSetupEval);
            }
            out.println();
        }
        return 0;
    }

    /** The reference step's nominal FLOP (the same counting as ours, float32): about 0.96 GFLOP. */
    private static final double REFERENCE_FLOPS = 0.97235e9;

    /** One line of the multi-layer table and its figures. */
    private record Multi(String line, double wallUs, double cpuUs, double setup, double firstRead,
                         double setupAndReadCpu, double evalRead, double laterSetupAndRead) {
        double setupAndRead() {
            return setup + firstRead;
        }

        Multi withLaterRun(double seconds) {
            return new Multi(line, wallUs, cpuUs, setup, firstRead, setupAndReadCpu, evalRead, seconds);
        }
    }

    private static RunSpec spec(String words) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String s : words.split(" ")) {
            kv.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        return RunSpec.resolve(kv);
    }

    /**
     * The paper-width multi-layer step: set-up (2,000,000 training samples, as the paper's runs)
     * and the first read-out are timed once on a fresh run, then the steps.
     */
    private static Multi measureMulti(String precision, double seconds, boolean readouts, int threads,
                                      PeakFlops peak) {
        RunSpec spec = spec(MULTI + " precision=" + precision);
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        try (Parallel par = new Parallel(threads)) {
            MultiLayerBench bench = MultiLayerBench.prepare(spec, par);
            Multi first = measureMulti(bench, precision, seconds, readouts, par, mx, cpu0, peak.of(precision));
            if (!readouts) {
                return first;
            }
            // A later run of the same JVM, as an executor's second run of a sweep: the JIT has compiled the kernels.
            long t0 = System.nanoTime();
            MultiLayerBench later = MultiLayerBench.prepare(spec, par);
            double sink = later.readout();
            return first.withLaterRun((System.nanoTime() - t0) * 1e-9 + sink * 0);
        }
    }

    private static Multi measureMulti(MultiLayerBench bench, String precision, double seconds, boolean readouts,
                                      Parallel par, java.lang.management.ThreadMXBean mx, long cpu0, double peak) {
        String setup = "-";
        double firstRead = Double.NaN;
        double setupAndReadCpu = Double.NaN;
        double evalRead = Double.NaN;
        if (readouts) {
            long t0 = System.nanoTime();
            double sink = bench.readout();
            firstRead = (System.nanoTime() - t0) * 1e-9;
            setupAndReadCpu = (cpuNanos(mx, par) - cpu0) * 1e-9;
            setup = String.format(Locale.ROOT, "%.2f+%.2f", bench.setupSeconds(), firstRead);
            t0 = System.nanoTime();
            sink += bench.evalReadout();
            evalRead = (System.nanoTime() - t0) * 1e-9 + sink * 0;
        }
        for (int i = 0; i < 30; i++) { // the first steps run before the JIT has compiled the kernels
            bench.step();
        }
        double median = median(timeSteps(bench::step, Math.max(seconds, 2.0)));
        long bytes = allocatedPerStep(bench::step, 30);
        double cpuUs = cpuPerStep(bench::step, par, 30);
        double gflops = bench.flopsPerStep() / median / 1e3;
        double cpuGflops = bench.flopsPerStep() / cpuUs / 1e3;
        return new Multi(String.format(Locale.ROOT, "%-6s %-6s %10.1f %9.2f %6.1f%% %9d %11.1f %11.2f %9s",
                par.threads() == 1 ? "multi" : "multi" + par.threads() + "t", precision, median, gflops,
                100 * gflops / peak, bytes, cpuUs, cpuGflops, setup), median, cpuUs, bench.setupSeconds(),
                firstRead, setupAndReadCpu, evalRead, Double.NaN);
    }

    /** Microseconds of CPU time per step, summed over the caller and the run's worker threads. */
    private static double cpuPerStep(Runnable step, Parallel par, int steps) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long before = cpuNanos(mx, par);
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        return (cpuNanos(mx, par) - before) / 1e3 / steps;
    }

    private static long cpuNanos(java.lang.management.ThreadMXBean mx, Parallel par) {
        long t = mx.getCurrentThreadCpuTime();
        for (long id : par.workerIds()) {
            t += mx.getThreadCpuTime(id);
        }
        return t;
    }

    private static String measure(String config, String precision, double seconds, boolean readouts,
                                  PeakFlops peak) {
        RunSpec spec = spec(CONFIGS.get(config) + " precision=" + precision + " N_train=10000 N_eval=10000");
        TwoLayerBench bench = TwoLayerBench.prepare(spec);
        double[] stepUs = timeSteps(bench::step, seconds);
        double median = median(stepUs);
        long bytes = allocatedPerStep(bench::step, 2000);
        double gflops = bench.flopsPerStep() / median / 1e3;
        NaiveStep naive = new NaiveStep(TwoLayerSettings.of(spec));
        double naiveUs = median(timeNaive(naive, Math.min(seconds, 1.0)));
        String readMs = "-";
        if (readouts) {
            bench.readout();
            long t0 = System.nanoTime();
            int n = 0;
            double sink = 0;
            while (n < 2 || System.nanoTime() - t0 < seconds * 1e9 && n < 20) {
                sink += bench.readout();
                n++;
            }
            readMs = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e6 / n + sink * 0);
        }
        return String.format(Locale.ROOT, "%-6s %-6s %10.1f %9.2f %6.1f%% %9d %11.1f %11.1fx %9s", config,
                precision, median, gflops, 100 * gflops / peak.of(precision), bytes, naiveUs, naiveUs / median, readMs);
    }

    /** Rounds of steps after a warm-up; microseconds per step of each round. */
    private static double[] timeSteps(Runnable step, double seconds) {
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < seconds * 0.5e9) {
            step.run();
        }
        int rounds = 7;
        double[] us = new double[rounds];
        int perRound = 10;
        long t = System.nanoTime();
        for (int i = 0; i < perRound; i++) {
            step.run();
        }
        double estimate = (System.nanoTime() - t) / 1e3 / perRound;
        perRound = (int) Math.max(10, seconds * 1e6 / rounds / Math.max(estimate, 0.1));
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                step.run();
            }
            us[r] = (System.nanoTime() - t0) / 1e3 / perRound;
        }
        return us;
    }

    private static double[] timeNaive(NaiveStep naive, double seconds) {
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < seconds * 0.3e9) {
            naive.step();
        }
        double[] us = new double[5];
        for (int r = 0; r < us.length; r++) {
            int n = 0;
            long t0 = System.nanoTime();
            while (n < 3 || System.nanoTime() - t0 < seconds * 1e9 / us.length) {
                naive.step();
                n++;
            }
            us[r] = (System.nanoTime() - t0) / 1e3 / n;
        }
        return us;
    }

    private static long allocatedPerStep(Runnable step, int steps) {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        return (mx.getThreadAllocatedBytes(id) - before) / steps;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * The baseline: the same SGD step written as textbook loops over double[][] (dot products,
     * no blocking, no caching of teacher outputs).
     */
    static final class NaiveStep {
        private final int d;
        private final int n;
        private final int c;
        private final int m;
        private final int batch;
        private final double[][] w1t;
        private final double[][] w2t;
        private final double[][] w1;
        private final double[][] w2;
        private final double[][] x;
        private final java.util.Random random = new java.util.Random(1);

        NaiveStep(TwoLayerSettings settings) {
            d = settings.widths().inputs();
            m = settings.widths().teacherNodes();
            n = settings.widths().studentNodes();
            c = settings.widths().outputs();
            batch = settings.schedule().batchSize();
            w1t = randomMatrix(m, d + 1, 0.3);
            w2t = randomMatrix(c, m + 1, 0.3);
            w1 = randomMatrix(n, d + 1, 0.005);
            w2 = randomMatrix(c, n + 1, 0.005);
            x = randomMatrix(1000, d, 1.5);
        }

        private double[][] randomMatrix(int r, int k, double scale) {
            double[][] a = new double[r][k];
            for (double[] row : a) {
                for (int j = 0; j < k; j++) {
                    row[j] = random.nextGaussian() * scale;
                }
            }
            return a;
        }

        void step() {
            double[][] g1 = new double[n][d + 1];
            double[][] g2 = new double[c][n + 1];
            for (int b = 0; b < batch; b++) {
                double[] xb = x[random.nextInt(x.length)];
                double[] ht = hidden(w1t, xb, m);
                double[] hs = hidden(w1, xb, n);
                double[] err = new double[c];
                for (int o = 0; o < c; o++) {
                    err[o] = output(w2t, ht, m, o) - output(w2, hs, n, o);
                }
                for (int o = 0; o < c; o++) {
                    for (int j = 0; j < n; j++) {
                        g2[o][j] += err[o] * hs[j];
                    }
                    g2[o][n] += err[o];
                }
                for (int j = 0; j < n; j++) {
                    if (hs[j] <= 0) {
                        continue;
                    }
                    double back = 0;
                    for (int o = 0; o < c; o++) {
                        back += err[o] * w2[o][j];
                    }
                    for (int k = 0; k < d; k++) {
                        g1[j][k] += back * xb[k];
                    }
                    g1[j][d] += back;
                }
            }
            double step = 0.01 / batch;
            for (int j = 0; j < n; j++) {
                for (int k = 0; k <= d; k++) {
                    w1[j][k] += step * g1[j][k];
                }
            }
            for (int o = 0; o < c; o++) {
                for (int j = 0; j <= n; j++) {
                    w2[o][j] += step * g2[o][j];
                }
            }
        }

        private double[] hidden(double[][] w, double[] xb, int width) {
            double[] h = new double[width];
            for (int j = 0; j < width; j++) {
                double z = w[j][d];
                for (int k = 0; k < d; k++) {
                    z += w[j][k] * xb[k];
                }
                h[j] = Math.max(z, 0);
            }
            return h;
        }

        private static double output(double[][] w, double[] h, int width, int o) {
            double y = w[o][width];
            for (int j = 0; j < width; j++) {
                y += w[o][j] * h[j];
            }
            return y;
        }
    }
}
