package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reluspec.driver.complexity.ComplexityLoader;
import org.reluspec.driver.complexity.ComplexityTable;
import org.reluspec.driver.complexity.ComplexitySpec;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Summary;
import org.reluspec.driver.sweep.SweepHistory;
import org.reluspec.driver.sweep.SweepSpec;

/**
 * {@code sweep show OUT/<sweep>}: the summary table of a results folder (of a sweep or a
 * complexity search), grouped, filtered and printed as asked.
 */
public final class ShowCommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("show",
            CommandSyntax.Operands.RESULTS_FOLDER, List.of(
                    Option.text("--by", "a,b", "group by these parameters (default: the grid's axes but seed)"),
                    Option.text("--metric", "x,y", "means of these runs/ columns (default covered_eval_095,final_eval_loss)"),
                    Option.text("--where", "k=v", "keep runs with k=v (or k=v1,v2); repeatable").repeated(),
                    Option.integer("--grid", "K", 1, "only the runs of grid K of the folder's history (default: every run)"),
                    Option.flag("--history", "list the grids run into the folder"),
                    Option.choice("--format", List.of("table", "csv", "json"), "table (default), csv or json")),
            "e.g. bin/sweep show results/quickstart\n");

    private ShowCommand() {
    }

    public static int run(String[] argv, PrintStream out) throws IOException {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        String format = args.text("--format", "table");
        String dir = args.path();
        ResultsFolder folder = ResultsFolder.at(dir, HadoopConf.of(Map.of()));
        if (!folder.exists()) {
            throw new UserError(dir + ": no such results folder");
        }
        String yaml;
        try {
            yaml = folder.readSpec();
        } catch (IOException e) {
            throw new UserError(dir + ": no " + ResultsFolder.SPEC_FILE + " here; show expects OUT/<sweep-name>,"
                    + " e.g. results/quickstart");
        }
        if (yaml.lines().anyMatch(l -> l.equals("kind: " + ComplexityLoader.KIND))) {
            ComplexitySpec cs = ComplexityLoader.parse(yaml, dir + "/" + ResultsFolder.SPEC_FILE, List.of());
            folder.check(null);
            out.print(ComplexityTable.summary(cs, folder));
            return 0;
        }
        folder.check(null);
        String writer = folder.writer();
        if (writer != null) {
            out.println("a driver is writing this folder (" + writer + "): the counts below grow as it commits");
        }
        SweepHistory history = RunCommand.history(folder);
        if (args.given("--history")) {
            out.print(historyText(history));
            return 0;
        }
        List<SweepSpec> grids = new ArrayList<>();
        String note = "";
        boolean oneGrid = args.given("--grid");
        if (oneGrid) {
            int k = args.integer("--grid", 1);
            SweepHistory.Entry e = history.entry(k);
            grids.add(e.spec());
            note = " of grid " + k + " (run " + e.time() + ")";
        } else {
            history.entries().forEach(e -> grids.add(e.spec()));
        }
        Summary.Query q = new Summary.Query(list(args, "--by"),
                !args.given("--metric") ? Summary.DEFAULT_METRICS : list(args, "--metric"),
                args.all("--where"));
        Summary.Result r = Summary.compute(folder, grids, oneGrid, q, note);
        switch (format) {
            case "csv" -> out.print(Summary.csv(r));
            case "json" -> out.print(Summary.json(r));
            default -> {
                if (history.entries().size() > 1 && !oneGrid) {
                    out.print(historyText(history));
                }
                out.print(Summary.text(r, folder, Integer.MAX_VALUE));
            }
        }
        return 0;
    }

    /** Comma-separated names of an option (null: not given). */
    private static List<String> list(CommandLine args, String option) {
        String v = args.text(option, null);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** One line per grid of the history: number, time, runs, axes. */
    static String historyText(SweepHistory h) {
        StringBuilder b = new StringBuilder("grids run into this folder (--grid K shows one):\n");
        for (int k = 1; k <= h.entries().size(); k++) {
            SweepHistory.Entry e = h.entries().get(k - 1);
            List<String> axes = new ArrayList<>();
            e.spec().axes().forEach((a, v) -> axes.add(a + " (" + v.size() + ")"));
            b.append(String.format(java.util.Locale.ROOT, "  %d. %s  %d runs  %s%n", k, e.time(), e.spec().size(),
                    axes.isEmpty() ? "a single run" : String.join(" x ", axes)));
        }
        return b.toString();
    }
}
