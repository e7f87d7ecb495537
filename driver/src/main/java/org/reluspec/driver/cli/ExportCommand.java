package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.reluspec.driver.output.Export;
import org.reluspec.driver.output.ResultsFolder;

/**
 * {@code sweep export DIR/<sweep> [--to DIR] [--format jsonl|csv]}: every dataset of a results
 * folder as one text file, read with the project's own Parquet code (no Spark), for readers
 * without a Parquet library (the notebooks' loader where pyarrow is missing).
 */
public final class ExportCommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("export",
            CommandSyntax.Operands.RESULTS_FOLDER, List.of(
                    Option.text("--to", "DIR", "where to write (default: DIR/<sweep-name>.export, next to the results folder)"),
                    Option.choice("--format", List.of("jsonl", "csv"), "jsonl (default) or csv")),
            """
            writes one file per dataset (runs, epochs, nodes, students, and any other dataset
            folder such as complexity/probes) into --to, plus _schema.json (columns and types), written last.
            jsonl: one JSON object per row, arrays as JSON lists, NaN/Infinity as bare tokens;
            csv: a header row, arrays as JSON lists in quoted fields, empty fields for null.
            """);

    private ExportCommand() {
    }

    public static int run(String[] argv, PrintStream out) throws IOException {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        String dir = args.path();
        Export.Format format = Export.Format.valueOf(args.text("--format", "jsonl").toUpperCase(Locale.ROOT));
        ResultsFolder folder = ResultsFolder.at(dir, HadoopConf.of(Map.of()));
        if (!folder.exists()) {
            throw new UserError(dir + ": no such results folder");
        }
        try {
            folder.readSpec();
        } catch (IOException e) {
            throw new UserError(dir + ": no " + ResultsFolder.SPEC_FILE + " here; export expects OUT/<sweep-name>,"
                    + " e.g. results/quickstart");
        }
        folder.check(null); // refuses what show and run refuse (foreign files, another schema, damaged commits)
        String toOption = args.text("--to", null);
        Path to = toOption != null ? new Path(toOption)
                : new Path(folder.root().getParent(), folder.root().getName() + ".export");
        FileSystem toFs;
        try {
            toFs = to.getFileSystem(folder.conf());
            if (toFs.exists(to) && !toFs.getFileStatus(to).isDirectory()) {
                throw new UserError("export: --to " + to + " is a file; give a folder (it is created if absent)");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("export: --to " + to + ": " + e.getMessage());
        }
        List<Export.Dataset> done;
        try {
            done = Export.export(folder, to, format);
        } catch (org.apache.hadoop.security.AccessControlException e) {
            throw new UserError("export: cannot write to " + to + ": permission denied; choose another folder with --to");
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError u) {
                throw u;
            }
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse(String.valueOf(e));
            if (e instanceof IOException && (m.contains("ermission denied") || m.contains("Mkdirs failed"))) {
                throw new UserError("export: cannot write to " + to + ": " + m + "; choose another folder with --to");
            }
            throw new UserError("export: cannot read a file of " + dir + " (" + m + "): it is damaged; "
                    + "show and run name the file; move it away or restore it");
        }
        for (Export.Dataset d : done) {
            out.printf("%-22s %8d rows  %d columns%n", d.name(), d.rows(), d.columns().size());
        }
        out.println("exported to " + to);
        return 0;
    }
}
