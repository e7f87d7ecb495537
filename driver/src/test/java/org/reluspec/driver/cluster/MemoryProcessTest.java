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
        List<Path> cp = new ArrayList<>(Jvm.projectJars(dir.resolve("app")));
        cp.addAll(Jvm.libraryJars());
        Process p = Jvm.start(cp, List.of("-Xmx" + (heapBytes >> 20) + "m"), Main.class.getName(),
                new ArrayList<>(List.of("train")) {{ addAll(List.of(RUN)); }}, Map.of(), log);
        return p.waitFor();
    }

    @Test
    void aHeapOfTheEstimateIsEnoughAndOneWellBelowIsRefusedInOneLine() throws Exception {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String a : RUN) {
            kv.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        double est = MemoryModel.bytes(RunSpec.resolve(kv));
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
}
