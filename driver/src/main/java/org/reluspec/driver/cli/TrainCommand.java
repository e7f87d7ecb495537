package org.reluspec.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reluspec.driver.UserError;
import org.reluspec.driver.plan.MemoryModel;
import org.reluspec.jobs.engine.Engines;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.SpecException;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerEpoch;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Status;
import org.reluspec.jobs.run.StopReason;
import org.reluspec.jobs.run.Thresholds;

/**
 * {@code sweep train [key=value ...] [--json]}: one run in this process, no Spark. Prints the
 * resolved parameters and a table line per epoch as it goes, or the whole result as JSON.
 */
public final class TrainCommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("train", CommandSyntax.Operands.OVERRIDES, List.of(
            Option.integer("--threads", "N", 1, "splits the products between N threads (the same bits for any N)"),
            Option.flag("--json", "the whole result as JSON")), parameters());

    private TrainCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String a : args.overrides()) {
            String key = a.substring(0, a.indexOf('='));
            if (given.put(key, a.substring(a.indexOf('=') + 1)) != null) {
                throw new UserError("train: " + key + " is given twice on the command line");
            }
        }
        boolean json = args.given("--json");
        int threads = args.integer("--threads", 1);
        RunSpec spec;
        try {
            spec = Engines.requireAvailable(RunSpec.resolve(given));
        } catch (SpecException e) {
            err.println("error: command line: " + e.getMessage());
            return 2;
        }
        if (Engines.needsCluster(spec.s("engine"))) {
            err.println("error: command line: engine=" + spec.s("engine") + " trains one run on a whole Spark cluster: "
                    + "run it with bin/sweep run (a sweep file or key=value overrides), not train");
            return 2;
        }
        double need = MemoryModel.bytes(spec);
        long heap = Runtime.getRuntime().maxMemory();
        if (need > heap) {
            err.println("error: this run needs about " + MemoryModel.format(need) + " of heap, more than this JVM's "
                    + MemoryModel.format(heap) + " (bin/sweep: RELUSPEC_DRIVER_MEMORY); make it smaller or give it more");
            return 2;
        }
        try {
            return train(spec, given.keySet(), json, threads, out);
        } catch (OutOfMemoryError e) {
            err.println("error: out of memory: this run needs about " + MemoryModel.format(need) + " by estimate, this JVM has "
                    + MemoryModel.format(heap) + " of heap (bin/sweep: RELUSPEC_DRIVER_MEMORY)");
            return 1;
        }
    }

    private static int train(RunSpec spec, java.util.Set<String> given, boolean json, int threads, PrintStream out) {
        if (json) {
            RunResult result = Runner.run(spec, EpochListener.NONE, threads);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run_id", spec.runId());
            doc.put("params", spec.values());
            doc.put("result", result);
            out.println(json(doc));
            return 0;
        }
        out.print(resolved(spec, given, 100));
        EpochTable table = new EpochTable(out);
        RunResult result = Runner.run(spec, table::print, threads);
        printSummary(out, result);
        return 0;
    }

    /**
     * The run's id and resolved parameters as aligned {@code name=value} columns within
     * {@code width} characters, those given on the command line first.
     */
    static String resolved(RunSpec spec, java.util.Set<String> given, int width) {
        List<String> first = new java.util.ArrayList<>();
        List<String> rest = new java.util.ArrayList<>();
        spec.values().forEach((k, v) -> (given.contains(k) ? first : rest).add(k + "=" + Params.get(k).canonical(v)));
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "run %s (%s)%n", spec.runId(),
                spec.experiment().key()));
        if (!first.isEmpty()) {
            b.append("given:\n").append(columns(first, width));
        }
        b.append(first.isEmpty() ? "parameters (defaults):\n" : "defaults:\n").append(columns(rest, width));
        return b.append('\n').toString();
    }

    private static String columns(List<String> items, int width) {
        int w = items.stream().mapToInt(String::length).max().orElse(0) + 2;
        int perLine = Math.max(1, (width - 2) / w);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            boolean end = i % perLine == perLine - 1 || i == items.size() - 1;
            String cell = end ? items.get(i) : String.format(Locale.ROOT, "%-" + w + "s", items.get(i));
            b.append(i % perLine == 0 ? "  " : "").append(cell).append(end ? "\n" : "");
        }
        return b.toString();
    }

    /**
     * The result as JSON: snake_case names, statuses as their column words ("ok", "budget"), and
     * null where the records hold Integer.MIN_VALUE for "never reached" (LayerFinal.NEVER) or NaN
     * for "not read out".
     */
    static String json(Object doc) {
        SimpleModule words = new SimpleModule()
                .addSerializer(Status.class, asWord(Status.class, Status::key))
                .addSerializer(StopReason.class, asWord(StopReason.class, StopReason::key));
        ObjectMapper mapper = new ObjectMapper().registerModule(words)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT);
        try {
            JsonNode tree = mapper.valueToTree(doc);
            return mapper.writeValueAsString(noneToNull(tree));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <E> StdSerializer<E> asWord(Class<E> type, java.util.function.Function<E, String> word) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(E value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(word.apply(value));
            }
        };
    }

    private static JsonNode noneToNull(JsonNode node) {
        if (node.isInt() && node.intValue() == Integer.MIN_VALUE) {
            return NullNode.getInstance();
        }
        if (node.isDouble() && Double.isNaN(node.doubleValue())) {
            return NullNode.getInstance(); // a quantity not read out (readout_train=false)
        }
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> e.setValue(noneToNull(e.getValue())));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, noneToNull(a.get(i)));
            }
        }
        return node;
    }

    /** The --help note: what train does and the parameters with their defaults. */
    private static String parameters() {
        StringBuilder b = new StringBuilder();
        b.append("Trains one teacher-student pair in this process and prints its read-outs.\n")
                .append("Parameters (default for two_layer / multi_layer):\n");
        for (Param p : Params.all()) {
            b.append(String.format(Locale.ROOT, "  %-26s %-22s %s%n", p.name(),
                    show(p.twoLayerDefault(), p) + " / " + show(p.multiLayerDefault(), p), p.doc()));
        }
        return b.toString();
    }

    private static String show(Object v, Param p) {
        return v == null ? "-" : p.canonical(v);
    }

    /** A fixed-width table, one line per epoch, printed as the run goes. */
    private static final class EpochTable {
        private final PrintStream out;
        private boolean header;

        EpochTable(PrintStream out) {
            this.out = out;
        }

        void print(EpochReadout r) {
            if (!header) {
                StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%6s %9s %11s %11s",
                        "epoch", "lr", "train_loss", "eval_loss"));
                for (LayerEpoch l : r.layers()) {
                    h.append(String.format(Locale.ROOT, "  %-23s", "L" + l.layer()
                            + " covered@.5/.6/.7/.8/.9/.95"));
                }
                h.append(String.format(Locale.ROOT, "  %-24s %11s", "|grad| per layer", "max|g_i|"));
                out.println(h);
                header = true;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%6d %9.3g %11.4e %11.4e",
                    r.epoch(), r.lr(), r.trainLoss(), r.evalLoss()));
            for (LayerEpoch l : r.layers()) {
                StringBuilder c = new StringBuilder();
                for (int t = 0; t < l.coveredEval().length; t++) {
                    c.append(t == 0 ? "" : "/").append(l.coveredEval()[t]);
                }
                c.append(" of ").append(l.bestCorrEval().length);
                line.append(String.format(Locale.ROOT, "  %-23s", c));
            }
            StringBuilder g = new StringBuilder();
            for (double v : r.gradNorms()) {
                g.append(g.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2e", v));
            }
            line.append(String.format(Locale.ROOT, "  %-24s %11.3e", g, r.maxSampleGradNorm()));
            out.println(line);
            out.flush();
        }
    }

    private static void printSummary(PrintStream out, RunResult r) {
        out.printf(Locale.ROOT, "%nstatus %s%s, %d steps, %.2f s, %d training samples%n", r.status().key(),
                r.divergedEpoch() == null ? "" : " at epoch " + r.divergedEpoch(),
                r.steps(), r.wallSeconds(), r.nTrain());
        out.printf(Locale.ROOT, "ended by %s; finishing phase: %d iterations, %.2f s%n", r.stoppedBy().key(),
                r.finishIterations(), r.finishSeconds());
        for (LayerFinal l : r.layers()) {
            out.printf(Locale.ROOT, "%nlayer %d: teacher nodes%n",
                    l.layer());
            out.printf(Locale.ROOT, "%5s %10s %13s %12s %10s %11s%n", "node", "fanout", "best_student",
                    "corr_eval", "angle_rad", "first@0.95");
            List<LayerEpoch> last = List.of(r.last().layers().get(l.layer()));
            LayerEpoch le = last.get(0);
            for (int i = 0; i < l.teacherFanout().length; i++) {
                int first = l.firstEpoch()[i][Thresholds.I95];
                out.printf(Locale.ROOT, "%5d %10.4f %13d %12.6f %10s %11s%n", i, l.teacherFanout()[i],
                        le.bestStudentEval()[i], le.bestCorrEval()[i],
                        l.bestAngle() == null ? "-" : String.format(Locale.ROOT, "%.4f", l.bestAngle()[i]),
                        first == LayerFinal.NEVER ? "never" : Integer.toString(first));
            }
        }
    }
}
