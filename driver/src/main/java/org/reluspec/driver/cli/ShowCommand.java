package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reluspec.driver.complexity.ComplexityLoader;
import org.reluspec.driver.complexity.ComplexitySearch;
import org.reluspec.driver.complexity.ComplexitySpec;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Summary;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepSpec;

/** {@code sweep show OUT/<sweep>}: the summary table of a results folder (of a sweep or a complexity search). */
public final class ShowCommand {
    static final String USAGE = "usage: bin/sweep show DIR/<sweep-name>   (e.g. bin/sweep show results/quickstart)\n";

    private ShowCommand() {
    }

    public static int run(String[] argv, PrintStream out) throws IOException {
        Args args = Args.parse("show", argv, Set.of(), Set.of("--help"));
        if (args.flag("--help")) {
            out.print(USAGE);
            return 0;
        }
        if (args.positional().size() != 1 || !args.overrides().isEmpty()) {
            throw new UserError("show takes one results folder\n" + USAGE);
        }
        String dir = args.positional().get(0);
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
            out.print(ComplexitySearch.summary(cs, folder));
            return 0;
        }
        SweepSpec spec = SweepLoader.parse(yaml, dir + "/" + ResultsFolder.SPEC_FILE, List.of());
        folder.check(null);
        String writer = folder.writer();
        if (writer != null) {
            out.println("a driver is writing this folder (" + writer + "): the counts below grow as it commits");
        }
        out.print(Summary.table(folder, spec, Integer.MAX_VALUE));
        return 0;
    }
}
