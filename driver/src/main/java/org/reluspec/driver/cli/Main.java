package org.reluspec.driver.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.reluspec.jobs.params.SpecException;

/**
 * {@code sweep <command> ...}: the command line of reluspec. A user's mistake prints one line
 * on stderr and exits 2 (stack traces only with --debug); an internal error exits 1.
 */
public final class Main {
    public static final String USAGE = """
            usage: bin/sweep <command> [arguments] [--debug]

            commands:
              run SWEEP.yaml [key=value ...] [--out DIR] [--name NAME] [--master URL] [--conf k=v ...]
                        run, resume or grow a sweep on Spark (local[*] by default); results in DIR/<name>
              plan SWEEP.yaml [key=value ...] [--out DIR] [--name NAME]
                        grid size, runs already done (reused), estimated cost, largest runs
              show DIR/<name> [--by a,b] [--metric x,y] [--where k=v] [--grid K] [--format table|csv|json]
                        summary table of a results folder
              complexity FILE.yaml [key=value ...] [--out DIR] [--master URL]
                        sample-complexity search: N* per cell and the fit of its exponents
              export DIR/<name> [--to DIR] [--format jsonl|csv]
                        every dataset as one JSON-lines (or CSV) file, for readers without Parquet
              report DIR/<name> [--to FILE.html] [--grid k=v,...]
                        runs the notebooks that apply and writes one self-contained HTML page
              train [key=value ...] [--json]
                        one run in this process, no Spark; read-outs printed
              params [--markdown]
                        the parameter table (names, defaults per experiment, allowed values)
              bench ...  engine benchmarks; bench finish: the finishing phase against SGD alone

            overrides (Hydra style): key=value fixes a parameter, key=v1,v2,v3 or key=range(a,b[,step])
            makes it a grid axis; ks=[10,20] is one value, ks=[10,20],[30,40] two.
            `bin/sweep <command> --help` for the options of a command.
            exit status: 0 done, 1 internal or Spark error, 2 user mistake, 3 some runs failed,
            4 interrupted.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        boolean debug = args.remove("--debug");
        if (args.isEmpty()) {
            err.print(USAGE);
            return UserError.EXIT_CODE;
        }
        String command = args.remove(0);
        String[] rest = args.toArray(new String[0]);
        try {
            return switch (command) {
                case "-h", "--help", "help" -> {
                    out.print(USAGE);
                    yield 0;
                }
                case "run" -> RunCommand.run(rest, out, err);
                case "plan" -> PlanCommand.run(rest, out);
                case "show" -> ShowCommand.run(rest, out);
                case "complexity" -> ComplexityCommand.run(rest, out, err);
                case "export" -> ExportCommand.run(rest, out);
                case "report" -> ReportCommand.run(rest, out, err);
                case "train" -> TrainCommand.run(rest, out, err);
                case "params" -> ParamsCommand.run(rest, out);
                case "bench" -> rest.length > 0 && rest[0].equals("finish")
                        ? FinishBenchCommand.run(Arrays.copyOfRange(rest, 1, rest.length), out)
                        : BenchCommand.run(rest, out, err);
                default -> throw new UserError("unknown command '" + command + "'; commands: run, plan, show, "
                        + "complexity, export, report, train, params, bench (bin/sweep --help)");
            };
        } catch (UserError | SpecException e) {
            err.println("error: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return UserError.EXIT_CODE;
        } catch (org.apache.hadoop.fs.FSError | java.io.IOException | java.io.UncheckedIOException e) {
            // The file system failed (disk full, quota, lost connection): committed runs are intact.
            Throwable cause = e instanceof org.apache.hadoop.fs.FSError && e.getCause() != null ? e.getCause() : e;
            err.println("error: the file system failed: " + String.valueOf(cause.getMessage()).lines().findFirst().orElse("")
                    + " (" + cause.getClass().getSimpleName() + "). What was committed is kept; fix it (e.g. free"
                    + " space) and run the same command again to resume");
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (Throwable e) {
            err.println("error: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }
}
