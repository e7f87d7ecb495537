package org.reluspec.driver.cli;

import java.io.PrintStream;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;

/** {@code sweep params}: the parameter table (as in the README), generated from the one catalog. */
public final class ParamsCommand {
    private ParamsCommand() {
    }

    public static int run(String[] args) {
        print(System.out);
        return 0;
    }

    static void print(PrintStream out) {
        out.print(markdownTable());
    }

    /** The README's parameter table: name, default per experiment, allowed values, meaning. */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder();
        b.append("| parameter | two_layer default | multi_layer default | allowed | meaning |\n");
        b.append("|---|---|---|---|---|\n");
        for (Param p : Params.all()) {
            String allowed = !p.choices().isEmpty() ? String.join(", ", p.choices())
                    : !p.allowedText().isEmpty() ? p.allowedText() : p.type().expected();
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
