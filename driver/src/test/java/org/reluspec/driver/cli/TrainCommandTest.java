package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.RunResult;

class TrainCommandTest {
    private static final String[] ARGS = {"d=5", "m=2", "c=3", "multi=2", "N_train=50", "N_eval=50",
        "num_epoch=3", "num_iter_per_epoch=10", "use_sgd=true"};

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TrainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonHoldsTheRunsReadoutsUnderSnakeCaseNamesWithNullForNone() throws Exception {
        String[] args = java.util.Arrays.copyOf(ARGS, ARGS.length + 1);
        args[ARGS.length] = "--json";
        JsonNode doc = new ObjectMapper().readTree(run(args));
        RunResult direct = Runner.run(RunSpec.resolve(Map.of("d", 5, "m", 2, "c", 3, "multi", 2, "N_train", 50,
                "N_eval", 50, "num_epoch", 3, "num_iter_per_epoch", 10, "use_sgd", true)));
        JsonNode result = doc.get("result");
        assertEquals(direct.runId(), doc.get("run_id").asText());
        assertEquals("ok", result.get("status").asText());
        assertEquals("budget", result.get("stopped_by").asText());
        assertTrue(result.get("diverged_epoch").isNull());
        assertEquals(4, result.get("epochs").size());
        assertEquals(direct.last().evalLoss(), result.get("epochs").get(3).get("eval_loss").asDouble());
        assertEquals(direct.layers().get(0).corrEval()[1][3],
                result.get("layers").get(0).get("corr_eval").get(1).get(3).asDouble());
    }

    @Test
    void resolvedParametersAreAlignedColumnsWithinAHundredCharactersAndAnglesAreRadians() {
        String text = run(ARGS);
        RunSpec spec = RunSpec.resolve(Map.of("d", 5, "m", 2, "c", 3, "multi", 2, "N_train", 50,
                "N_eval", 50, "num_epoch", 3, "num_iter_per_epoch", 10, "use_sgd", true));
        String head = text.substring(0, text.indexOf("\n\n"));
        assertTrue(head.startsWith("run " + spec.runId() + " (two_layer)\ngiven:\n"), head);
        for (String line : head.lines().toList()) {
            assertTrue(line.length() <= 100, "wrapped: " + line);
        }
        spec.values().forEach((k, v) -> assertTrue(head.matches("(?s).*(^|\\s)" + java.util.regex.Pattern.quote(
                k + "=" + org.reluspec.jobs.params.Params.get(k).canonical(v)) + "(\\s|$).*"), k + " in\n" + head));
        assertTrue(head.lines().count() >= 5, "tabulated over several lines: " + head);

        RunResult direct = Runner.run(spec);
        assertTrue(text.contains("angle_rad") && !text.contains("angle_deg"), text);
        double angle = direct.layers().get(0).bestAngle()[0];
        assertTrue(angle >= 0 && angle <= Math.PI, "an angle in radians: " + angle);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, " %.4f ", angle)), "the Parquet unit: " + text);
    }

    @Test
    void tableHasOneLinePerEpochAndTheTeacherSummary() {
        String text = run(ARGS);
        assertTrue(text.contains("covered@.5/.6/.7/.8/.9/.95"), text);
        for (int epoch = -1; epoch < 3; epoch++) {
            assertTrue(text.matches("(?s).*\\n\\s+" + epoch + "\\s+0\\.0100 .*"), "epoch " + epoch + "\n" + text);
        }
        assertTrue(text.contains("status ok, 30 steps"), text);
    }

    @Test
    void threadsChangeNoNumberOfTheResultAndABadCountIsRefused() throws Exception {
        String[] wide = {"experiment=multi_layer", "ks=[12,20]", "node_multi=6", "data_d=20", "d_output=10",
            "random_dataset_size=640", "N_eval=600", "num_epoch=1", "--json"};
        String[] two = java.util.Arrays.copyOf(wide, wide.length + 2);
        two[wide.length] = "--threads";
        two[wide.length + 1] = "2";
        JsonNode one = new ObjectMapper().readTree(run(wide));
        JsonNode both = new ObjectMapper().readTree(run(two));
        ((com.fasterxml.jackson.databind.node.ObjectNode) one.get("result")).remove("wall_seconds");
        ((com.fasterxml.jackson.databind.node.ObjectNode) both.get("result")).remove("wall_seconds");
        assertEquals(one, both);

        MainTest.Result refused = MainTest.main("train", "d=5", "--threads", "0");
        assertEquals(2, refused.code());
        assertEquals("error: option --threads=0: expected an integer >= 1", refused.err().trim());
    }
}
