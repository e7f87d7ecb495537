package org.reluspec.driver.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.reluspec.driver.output.Export;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.jobs.params.Params;

/**
 * {@code sweep report DIR/<sweep>}: executes the notebooks that apply to a results folder with
 * Debian's Jupyter stack ({@code /usr/bin/python3 notebooks/report.py}) and writes one
 * self-contained HTML page next to the results ({@code DIR/<sweep>.report.html}).
 */
public final class ReportCommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("report",
            CommandSyntax.Operands.RESULTS_FOLDER, List.of(
                    Option.text("--to", "FILE.html", "the page (default: DIR/<sweep-name>.report.html)"),
                    Option.text("--grid", "'k=v,...'", "keeps only the runs whose parameters take these values"
                            + " (RELUSPEC_GRID of the notebooks),\ne.g. --grid 'm=10,multi=1,2'"),
                    Option.integer("--timeout", "S", 1, "seconds per notebook cell (default 600)")),
            """
            executes the notebooks that apply to the folder (two_layer or multi_layer, overview, and
            sample_complexity where the folder holds a sample-complexity search) and writes one
            self-contained HTML page (figures inline, no code).
            Needs Python 3 with nbclient, nbconvert, ipykernel, pandas, matplotlib and scipy
            (Debian: /usr/bin/python3; RELUSPEC_PYTHON names another interpreter).
            Exit status 1 if a notebook failed (the page is written and says which).
            """);

    /** Python module -> the Debian package that installs it. */
    static final Map<String, String> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("nbclient", "python3-nbclient");
        MODULES.put("nbformat", "python3-nbformat");
        MODULES.put("nbconvert", "jupyter-nbconvert");
        MODULES.put("ipykernel", "python3-ipykernel");
        MODULES.put("matplotlib_inline", "python3-matplotlib-inline");
        MODULES.put("pandas", "python3-pandas");
        MODULES.put("matplotlib", "python3-matplotlib");
        MODULES.put("scipy", "python3-scipy");
    }

    private ReportCommand() {
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        String dir = args.path();
        int timeout = args.integer("--timeout", 600);
        ResultsFolder folder = ResultsFolder.at(dir, HadoopConf.of(Map.of()));
        String scheme = folder.root().toUri().getScheme();
        if (scheme != null && !scheme.equals("file")) {
            throw new UserError("report reads a results folder on this machine, not " + dir
                    + " (copy it here, or `bin/sweep export` it)");
        }
        if (!folder.exists()) {
            throw new UserError(dir + ": no such results folder");
        }
        String spec;
        try {
            spec = folder.readSpec();
        } catch (IOException e) {
            throw new UserError(dir + ": no " + ResultsFolder.SPEC_FILE + " here; report expects OUT/<sweep-name>,"
                    + " e.g. results/quickstart");
        }
        Path results = Path.of(folder.root().toUri());
        Path to = Path.of(args.text("--to", results.resolveSibling(results.getFileName() + ".report.html").toString()));
        List<String> notebooks = notebooksFor(spec, results);
        Path home = notebooksHome();
        String python = System.getenv().getOrDefault("RELUSPEC_PYTHON", "/usr/bin/python3");
        boolean pyarrow = checkPython(python);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("RELUSPEC_RESULTS", results.toString());
        String grid = args.text("--grid", null);
        if (grid != null) {
            checkGrid(grid);
            env.put("RELUSPEC_GRID", grid);
        }
        if (!pyarrow || "export".equals(System.getenv("RELUSPEC_READER"))) {
            // The notebooks' loader would start bin/sweep to export; this process can do it once, here.
            Path export = results.resolveSibling(results.getFileName() + ".export");
            if (!upToDate(export.resolve("_schema.json"), results)) {
                Export.export(folder, new org.apache.hadoop.fs.Path(export.toUri()), Export.Format.JSONL);
            }
            env.put("RELUSPEC_READER", "export");
            env.put("RELUSPEC_EXPORT", export.toString());
        }
        List<String> cmd = new ArrayList<>(List.of(python, home.resolve("report.py").toString(),
                "--out", to.toAbsolutePath().toString(), "--timeout", String.valueOf(timeout),
                "--title", "reluspec report: " + results.getFileName(),
                "--note", "Results folder " + results + " (" + experimentOf(spec) + ")"
                        + (grid == null ? "" : "; runs of the grid " + grid) + "."));
        notebooks.forEach(n -> cmd.add(home.resolve(n + ".ipynb").toString()));
        out.println("report: executing " + String.join(", ", notebooks) + " on " + results.getFileName()
                + " with " + python + " ...");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println("  " + line);
            }
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        int code = p.exitValue();
        if (code == 0) {
            out.println("report: " + to + " (notebooks: " + String.join(", ", notebooks) + ")");
            return 0;
        }
        if (Files.isRegularFile(to)) {
            err.println("error: a notebook failed (its error is above and in the page): " + to);
        } else {
            err.println("error: the report failed (exit " + code + " of " + python + " report.py; output above)");
        }
        return 1;
    }

    /**
     * Refuses a --grid that names no parameter (the notebooks' loader reads the values: a value
     * that no run has leaves the notebooks with no runs, which they say).
     */
    static void checkGrid(String grid) {
        String trimmed = grid.strip();
        if (trimmed.isEmpty() || !trimmed.contains("=")) {
            throw new UserError("report: --grid '" + grid + "': expected key=value pairs, e.g. --grid 'm=10,multi=1,2'");
        }
        int depth = 0;
        StringBuilder word = new StringBuilder();
        List<String> words = new ArrayList<>();
        for (char ch : (trimmed + ",").toCharArray()) {
            depth += ch == '[' || ch == '(' ? 1 : ch == ']' || ch == ')' ? -1 : 0;
            if ((ch == ',' || ch == ' ') && depth == 0) {
                words.add(word.toString());
                word.setLength(0);
            } else {
                word.append(ch);
            }
        }
        if (!words.get(0).contains("=")) {
            throw new UserError("report: --grid '" + grid + "': '" + words.get(0) + "' comes before any key=value");
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = w.substring(0, eq).strip();
            if (!Params.exists(key)) {
                throw new UserError("report: --grid: " + Params.unknown(key).getMessage());
            }
        }
    }

    /** Whether the export's stamp (written last) is newer than every file of the results folder. */
    static boolean upToDate(Path stamp, Path results) throws IOException {
        if (!Files.isRegularFile(stamp)) {
            return false;
        }
        long made = Files.getLastModifiedTime(stamp).toMillis();
        try (Stream<Path> files = Files.walk(results)) {
            return files.filter(Files::isRegularFile).allMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis() <= made;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /** two_layer or multi_layer (from sweep.yaml), overview, and sample_complexity where its datasets exist. */
    static List<String> notebooksFor(String spec, Path results) {
        List<String> notebooks = new ArrayList<>();
        String experiment = experimentOf(spec);
        boolean complexity = Files.isDirectory(results.resolve(ResultsFolder.COMPLEXITY + "/cells"))
                || Files.isDirectory(results.resolve(ResultsFolder.COMPLEXITY + "/probes"));
        notebooks.add(experiment.equals("multi_layer") ? "multi_layer" : "two_layer");
        notebooks.add("overview");
        if (complexity) {
            notebooks.add("sample_complexity");
        }
        return notebooks;
    }

    /** The top-level experiment of sweep.yaml; a sample-complexity search's file has none: it runs two_layer. */
    static String experimentOf(String spec) {
        return spec.lines().filter(l -> l.startsWith("experiment:"))
                .map(l -> l.substring("experiment:".length()).replace("'", "").replace("\"", "").trim())
                .findFirst().orElse("two_layer");
    }

    /** notebooks/ of this checkout: above the jar or classes folder this class was loaded from, or the working directory. */
    static Path notebooksHome() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(ReportCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source: the working directory below is tried
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("notebooks/report.py"))) {
                    return p.resolve("notebooks");
                }
            }
        }
        throw new UserError("report: notebooks/report.py not found above " + starts.get(0)
                + "; run bin/sweep of a reluspec checkout");
    }

    /** Refuses (exit 2) a Python without the modules the notebooks need; returns whether it has pyarrow. */
    static boolean checkPython(String python) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(python))) {
            throw new UserError("report needs Python 3 at " + python + ": apt-get install python3 "
                    + String.join(" ", MODULES.values()) + " (or set RELUSPEC_PYTHON)");
        }
        String probe = "import importlib.util as u\n"
                + "print(' '.join(m for m in " + pyList(MODULES.keySet()) + " if u.find_spec(m) is None))\n"
                + "print('pyarrow' if u.find_spec('pyarrow') else '')\n";
        Process p = new ProcessBuilder(python, "-c", probe).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new UserError("report: " + python + " does not run: " + output.strip());
        }
        String[] lines = output.split("\n", -1);
        List<String> missing = lines[0].isBlank() ? List.of() : List.of(lines[0].trim().split(" "));
        if (!missing.isEmpty()) {
            throw new UserError("report needs the Python modules " + String.join(", ", missing) + " in " + python
                    + ": apt-get install " + String.join(" ", missing.stream().map(MODULES::get).distinct().toList()));
        }
        return lines.length > 1 && lines[1].trim().equals("pyarrow");
    }

    private static String pyList(Set<String> names) {
        return "[" + String.join(", ", names.stream().map(n -> "'" + n + "'").toList()) + "]";
    }
}
