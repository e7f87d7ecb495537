package org.reluspec.driver.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;

/**
 * {@code sweep params [--markdown]}: the parameter table, generated from the one catalog; aligned
 * text for a terminal, markdown (the README's table) with --markdown.
 */
public final class ParamsCommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("params", CommandSyntax.Operands.NONE,
            List.of(Option.flag("--markdown", "the README's table")), "");

    private ParamsCommand() {
    }

    static int run(String[] argv, PrintStream out) {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        out.print(args.given("--markdown") ? markdownTable() : textTable());
        return 0;
    }

    /** Aligned columns for a terminal: name, defaults, allowed values; the meaning on its own indented line. */
    static String textTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"parameter", "two_layer", "multi_layer", "allowed"});
        for (Param p : Params.all()) {
            rows.add(new String[] {p.name(), text(p, p.twoLayerDefault()), text(p, p.multiLayerDefault()), allowed(p)});
        }
        int[] w = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < 4; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            b.append(String.format(Locale.ROOT, "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %s", r[0], r[1],
                    r[2], r[3]).stripTrailing()).append('\n');
            if (k > 0) {
                b.append("    ").append(Params.all().get(k - 1).doc()).append('\n');
            }
        }
        return b.toString();
    }

    private static String text(Param p, Object v) {
        return v == null ? "-" : p.canonical(v);
    }

    private static String allowed(Param p) {
        return !p.choices().isEmpty() ? String.join(", ", p.choices())
                : !p.allowedText().isEmpty() ? p.allowedText() : p.type().expected();
    }

    /** The README's parameter table: name, default per experiment, allowed values, meaning. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder();
        b.append("| parameter | two_layer default | multi_layer default | allowed | meaning |\n");
        b.append("|---|---|---|---|---|\n");
        for (Param p : Params.all()) {
            String allowed = allowed(p);
            b.append("| `").append(p.name()).append("` | ")
                    .append(cell(p, p.twoLayerDefault())).append(" | ")
                    .append(cell(p, p.multiLayerDefault())).append(" | ")
                    .append(allowed).append(" | ")
                    .append(p.doc()).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(Param p, Object v) {
        return v == null ? "-" : "`" + p.canonical(v) + "`";
    }
}
