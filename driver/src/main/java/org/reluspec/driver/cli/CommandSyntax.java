package org.reluspec.driver.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reluspec.driver.sweep.SweepLoader;

/**
 * What one command accepts: its operands, its declared options and a note; parses its words
 * (options as {@code --x=v} or {@code --x v}) and prints its usage. Every command parses with one,
 * so a mistake reads the same everywhere: one line naming the word, the value and the usage.
 *
 * @param command  the words after {@code bin/sweep} ({@code run}, {@code bench finish})
 * @param operands the words that are not options
 * @param options  the command's options; {@code -h} and {@code --help} are every command's
 * @param note     free text printed after the options by --help ("" for none)
 */
public record CommandSyntax(String command, Operands operands, List<Option> options, String note) {
    /**
     * The words a command takes besides options: at most one path ({@code null}: none) and
     * {@code key=value} overrides or not.
     *
     * @param path      the path's placeholder in the usage ({@code SWEEP.yaml})
     * @param what      what the path names, in an error ("sweep file")
     * @param overrides whether key=value words are taken
     */
    public record Operands(String path, String what, boolean overrides) {
        public static final Operands NONE = new Operands(null, null, false);
        public static final Operands OVERRIDES = new Operands(null, null, true);
        public static final Operands SWEEP_FILE = new Operands("SWEEP.yaml", "sweep file", true);
        public static final Operands RESULTS_FOLDER = new Operands("DIR/<sweep-name>", "results folder", false);

        String synopsis() {
            return (path == null ? "" : " " + path) + (overrides ? " [key=value ...]" : "");
        }

        String expected() {
            return path == null ? (overrides ? "key=value overrides" : "no arguments")
                    : "one " + what + (overrides ? ", then key=value overrides" : "");
        }
    }

    public CommandSyntax {
        options = List.copyOf(options);
    }

    /** {@code bin/sweep run SWEEP.yaml [key=value ...] [--out DIR] ...}: the command's usage on one line. */
    public String synopsis() {
        StringBuilder b = new StringBuilder("bin/sweep ").append(command).append(operands.synopsis());
        options.forEach(o -> b.append(" [").append(o.form()).append(']'));
        return b.toString();
    }

    /** The --help text: the synopsis, one line per option, the note. */
    public String usage() {
        int width = options.stream().mapToInt(o -> o.form().length()).max().orElse(0) + 2;
        String indent = "\n  " + " ".repeat(width); // a help text's second line, under the first
        StringBuilder b = new StringBuilder("usage: ").append(synopsis()).append('\n');
        for (Option o : options) {
            b.append(String.format(Locale.ROOT, "  %-" + width + "s%s%n", o.form(), o.help().replace("\n", indent)));
        }
        return b.append(note).toString();
    }

    /** Prints the usage; the exit status of --help. */
    int printUsage(PrintStream out) {
        out.print(usage());
        return 0;
    }

    /** The command's words, checked against its options and operands; a mistake is a one-line {@link UserError}. */
    public CommandLine parse(String[] args) {
        if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
            return new CommandLine(this, null, List.of(), Map.of(), true);
        }
        Map<String, Option> byName = new LinkedHashMap<>();
        options.forEach(o -> byName.put(o.name(), o));
        Map<String, List<Object>> values = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String w = args[i];
            if (w.startsWith("-") && w.length() > 1) {
                int eq = w.indexOf('=');
                String name = eq > 0 ? w.substring(0, eq) : w;
                Option o = byName.get(name);
                if (o == null) {
                    String hint = SweepLoader.nearest(name, byName.keySet()).map(n -> " (did you mean " + n + "?)")
                            .orElse("");
                    throw error("unknown option " + name + hint);
                }
                String value = eq > 0 ? w.substring(eq + 1) : null;
                if (value == null && o.takesValue()) {
                    if (i + 1 >= args.length) {
                        throw error("option " + name + " needs a value (" + o.form() + ")");
                    }
                    value = args[++i];
                }
                Object v = value == null ? Boolean.TRUE : o.parse(value);
                List<Object> given = values.computeIfAbsent(name, k -> new ArrayList<>());
                if (!o.repeatable()) {
                    given.clear();
                }
                given.add(v);
            } else if (w.contains("=")) {
                if (!operands.overrides()) {
                    throw unexpected(w);
                }
                overrides.add(w);
            } else if (operands.path() == null || !paths.isEmpty()) {
                throw unexpected(w);
            } else {
                paths.add(w);
            }
        }
        if (operands.path() != null && paths.isEmpty()) {
            throw error("missing the " + operands.what());
        }
        return new CommandLine(this, paths.isEmpty() ? null : paths.get(0), overrides, values, false);
    }

    private UserError unexpected(String word) {
        return error("unexpected argument '" + word + "' (expected " + operands.expected() + ")");
    }

    /** A mistake on the command line: what is wrong, then the usage, on one line. */
    UserError error(String what) {
        return new UserError(command + ": " + what + "; usage: " + synopsis());
    }

    Option option(String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(command + " declares no option " + name));
    }
}
