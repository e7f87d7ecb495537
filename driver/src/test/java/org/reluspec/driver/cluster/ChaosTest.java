package org.reluspec.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, the chaos test: 20 seeded schedules of kills and second drivers (see {@link Chaos}). */
class ChaosTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void twentySchedulesOfKillsAndSecondDriversEndWithEveryRunOnceAndConsistentDatasets() throws Exception {
        Chaos.Tally t = Chaos.run(dir, 20, 11, 3, System.out);
        System.out.print("figure: chaos\n" + t.table());
        assertEquals(List.of(), t.failures);
        assertEquals(20 * Chaos.RUNS, t.runs);
        assertEquals(0, t.duplicates);
        assertTrue(t.kill9 + t.sigint + t.sigterm >= 10, "the schedules did kill drivers: " + t.table());
    }
}
