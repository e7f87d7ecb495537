package org.reluspec.driver.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.jobs.params.RunSpec;

/** Issue 11, case 4: a run larger than the heap is refused before start (the estimate is checked in MemoryProcessTest). */
class MemoryTest {
    @TempDir
    Path dir;

    static RunSpec spec(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return RunSpec.resolve(m);
    }

    @Test
    void aRunLargerThanTheHeapIsRefusedBeforeAnythingStarts() throws Exception {
        Path sweep = dir.resolve("big.yaml");
        Files.writeString(sweep, "name: big\nexperiment: two_layer\nfixed: {d: 100000, m: 100, multi: 10, c: 50,"
                + " N_train: 10000, N_eval: 10000}\ngrid:\n  seed: [1, 2]\n");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = org.reluspec.driver.cli.Main.run(new String[] {"run", sweep.toString(), "--out",
                dir.resolve("out").toString(), "--master", "local[1]"}, new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true));
        String e = err.toString();
        assertEquals(2, code, out + e);
        assertEquals(1, e.strip().lines().count(), e);
        // 2 x (N_train + N_eval) x d doubles of data alone: 32 GB, far above any test heap.
        assertTrue(e.contains("needs about") && e.contains("seed=1") && e.contains("GB of heap"), e);
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }
}
