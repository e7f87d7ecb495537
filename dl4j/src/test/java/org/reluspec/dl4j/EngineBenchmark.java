package org.reluspec.dl4j;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.twolayer.TwoLayerBench;
import org.reluspec.jobs.twolayer.TwoLayerSession;

/**
 * Microseconds per SGD step of both engines on the engine issue's three two-layer configurations,
 * in double precision, one thread. Not part of the test run; one command:
 * {@code mvn -q -pl dl4j -am test -Dtest=EngineBenchmark -Dreluspec.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Each engine: warm-up, then the best of 5 timed rounds (the state is built outside the timed loop;
 * the losses are consumed).
 */
class EngineBenchmark {
    private static final String[][] CONFIGS = {
        {"small", "20", "5", "2", "10", "16"},
        {"paper", "100", "20", "10", "50", "16"},
        {"large", "100", "50", "10", "50", "256"},
    };

    @Test
    @EnabledIfSystemProperty(named = "reluspec.bench", matches = "true")
    void microsecondsPerStep() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-6s %5s %4s %6s %4s %6s %12s %12s %8s%n",
                "config", "d", "m", "multi", "c", "batch", "native us", "dl4j us", "dl4j/nat"));
        double sink = 0;
        for (String[] c : CONFIGS) {
            RunSpec spec = Agreement.spec("experiment", "two_layer", "d", Integer.parseInt(c[1]),
                    "m", Integer.parseInt(c[2]), "multi", Integer.parseInt(c[3]), "c", Integer.parseInt(c[4]),
                    "batchsize", Integer.parseInt(c[5]), "N_train", 2000, "N_eval", 100, "use_sgd", true,
                    "lr", "0.001");
            int steps = Integer.parseInt(c[5]) > 100 ? 200 : 2000;
            TwoLayerBench nat = TwoLayerBench.prepare(spec);
            TwoLayerSession dl4j = TwoLayerSession.open(spec, Dl4jTwoLayer::new);
            double[] times = new double[2];
            Arrays.fill(times, Double.MAX_VALUE);
            for (int round = 0; round < 6; round++) { // round 0 warms up
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    nat.step();
                }
                long t1 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    sink += dl4j.step();
                }
                long t2 = System.nanoTime();
                if (round > 0) {
                    times[0] = Math.min(times[0], (t1 - t0) * 1e-3 / steps);
                    times[1] = Math.min(times[1], (t2 - t1) * 1e-3 / steps);
                }
            }
            out.append(String.format(Locale.ROOT, "%-6s %5s %4s %6s %4s %6s %12.1f %12.1f %8.1f%n",
                    c[0], c[1], c[2], c[3], c[4], c[5], times[0], times[1], times[1] / times[0]));
        }
        out.append(String.format(Locale.ROOT, "(checksum %.3e)%n", sink));
        System.out.print(out);
    }
}
