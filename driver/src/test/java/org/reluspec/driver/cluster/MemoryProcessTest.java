package org.reluspec.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Main;
import org.reluspec.driver.plan.MemoryModel;
import org.reluspec.jobs.params.RunSpec;

/**
 * Issue 11, case 4, with real JVMs: the memory estimate is enough (a run trains in a JVM whose
 * heap is the estimate plus the JVM's own 64 MB), and a heap well below it is refused in one line.
 */
class MemoryProcessTest {
    @TempDir
    Path dir;

    static final String[] RUN = {"experiment=two_layer", "d=1500", "m=2", "multi=2", "c=3", "N_train=6000",
        "N_eval=6000", "num_epoch=1", "num_iter_per_epoch=5"};

    int train(long heapBytes, Path log) throws Exception {
        return train(heapBytes, 0, log);
    }

    /** {@code bin/sweep train RUN} in a JVM of {@code heapBytes}, {@code heldBytes} of it taken before the command starts. */
    int train(long heapBytes, long heldBytes, Path log) throws Exception {
        List<Path> cp = new ArrayList<>(Jvm.projectJars(dir.resolve("app")));
        cp.addAll(Jvm.libraryJars());
        cp.add(Path.of(HeldHeap.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        List<String> args = new ArrayList<>(List.of(String.valueOf(heldBytes), "train"));
        args.addAll(List.of(RUN));
        Process p = Jvm.start(cp, List.of("-Xmx" + (heapBytes >> 20) + "m"), HeldHeap.class.getName(), args, Map.of(), log);
        return p.waitFor();
    }

    /**
     * {@code HeldHeap BYTES COMMAND...}: the command line of bin/sweep in a JVM whose heap is partly
     * held (as by other work of the process): the command's check against the heap's size passes,
     * and the run runs out of memory once started.
     */
    public static final class HeldHeap {
        private static final List<byte[]> HELD = new ArrayList<>();

        private HeldHeap() {
        }

        public static void main(String[] args) {
            for (long held = 0; held < Long.parseLong(args[0]); held += 1 << 18) {
                HELD.add(new byte[1 << 18]);
            }
            Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
    }

    static RunSpec estimateSpec() {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String a : RUN) {
            kv.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return RunSpec.resolve(kv);
    }

    static double estimate() {
        return MemoryModel.bytes(estimateSpec());
    }

    @Test
    void aRunThatRunsOutOfMemoryIsRecordedFailedWithTheSizesWhileTheOthersFinish() throws Exception {
        Path sweep = dir.resolve("oom.yaml");
        java.nio.file.Files.writeString(sweep, "name: oom\nexperiment: two_layer\nfixed: {m: 2, multi: 1, c: 3,"
                + " N_train: 10000, N_eval: 10000, num_epoch: 1, num_iter_per_epoch: 5}\ngrid:\n  d: [5, 30000]\n");
        List<Path> cp = new ArrayList<>(Jvm.projectJars(dir.resolve("app")));
        cp.addAll(Jvm.libraryJars());
        cp.add(Path.of(UncheckedSweep.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        Path log = dir.resolve("oom.log");
        Process p = Jvm.start(cp, List.of("-Xmx700m", "-Dlog4j2.configurationFile="
                + Path.of("../conf/log4j2.properties").toAbsolutePath()), UncheckedSweep.class.getName(),
                List.of(sweep.toString(), dir.resolve("out").toString()), Map.of("SPARK_LOCAL_IP", "127.0.0.1"), log);
        int code = p.waitFor();
        String out = Jvm.read(log);
        assertEquals(org.reluspec.driver.cli.RunCommand.EXIT_FAILED_RUNS, code, out);
        assertTrue(out.contains("1 ok, 0 diverged, 1 failed"), out);
        List<Map<String, Object>> runs = Results.rows(dir.resolve("out/oom").toString(),
                org.reluspec.driver.output.Schema.RUNS, new org.apache.hadoop.conf.Configuration());
        assertEquals(2, runs.size());
        Map<String, Object> failed = runs.stream().filter(r -> "failed".equals(r.get("status"))).findFirst().orElseThrow();
        assertEquals(30000, failed.get("d"));
        String error = (String) failed.get("error");
        assertTrue(error.contains("out of memory: the run needs about") && error.contains("the executor has"), error);
        assertTrue(LocalDrivers.quiet(out.replace("RunOutOfMemory", "")), "no stack trace on the console: " + out);
    }

    @Test
    void aHeapOfTheEstimateIsEnoughAndOneWellBelowIsRefusedInOneLine() throws Exception {
        double est = estimate();
        // The data alone: 2 x 12000 rows x (1500 + 3) doubles of inputs and outputs would be 290 MB.
        assertTrue(est > 12000 * 1503 * 8.0, "the estimate holds at least the data once: " + est);
        Path ok = dir.resolve("ok.log");
        assertEquals(0, train((long) est + (64L << 20), ok), Jvm.read(ok));
        Path low = dir.resolve("low.log");
        int code = train((long) (est / 3), low);
        String out = Jvm.read(low);
        System.out.printf("figure: memory estimate %s; trains with -Xmx %s; refused with %s%n",
                MemoryModel.format(est), MemoryModel.format(est + (64L << 20)), MemoryModel.format(est / 3));
        assertEquals(2, code, out);
        assertTrue(out.contains("needs about " + MemoryModel.format(est)) && !out.contains("internal error"), out);
    }

    /** `train` out of heap once the run has started (its check against the heap's size passed): one line, exit 1. */
    @Test
    void trainRunningOutOfHeapMidRunSaysSoInOneLine() throws Exception {
        double est = estimate();
        long heap = (long) est + (64L << 20);
        // Enough heap by the check; held so that half the estimate is left, less than the data alone.
        Path log = dir.resolve("mid.log");
        int code = train(heap, heap - (long) (est / 2), log);
        String out = Jvm.read(log);
        assertEquals(1, code, out);
        assertTrue(out.contains("run " + estimateSpec().runId() + " ("), "the run started: " + out);
        List<String> errors = out.lines().filter(l -> l.startsWith("error")).toList();
        assertEquals(1, errors.size(), out);
        assertTrue(errors.get(0).startsWith("error: out of memory: this run needs about " + MemoryModel.format(est)
                + " by estimate, this JVM has "), out);
        assertTrue(LocalDrivers.quiet(out), "no stack trace: " + out);
    }
}
