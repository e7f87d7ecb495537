package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.reluspec.driver.cli.Main;

/** {@code bin/sweep train} has no cluster: it refuses engine=dl4j-spark in one line, exit 2. */
class TrainCommandTest {
    @Test
    void trainRefusesTheClusterEngineInOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", "experiment=multi_layer", "engine=dl4j-spark", "spark_workers=2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, e);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.contains("engine=dl4j-spark trains one run on a whole Spark cluster"), e);
    }
}
