package org.reluspec.driver.complexity;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reluspec.driver.output.ResultsFolder;

/** The search's cells, theorem check and fit as terminal tables. */
public final class ComplexityTable {
    private ComplexityTable() {
    }

    /** The cells table (and the fit, once every cell is decided) of a results folder, read-only. */
    public static String summary(ComplexitySpec spec, ResultsFolder folder) throws IOException {
        Map<String, Measurement> measured = Measurement.readAll(folder);
        List<CellSearch> cells = ComplexitySearch.replay(spec, measured);
        StringBuilder b = new StringBuilder(table(spec, cells));
        b.append('\n').append(theorem(spec, cells, measured));
        boolean over = cells.stream().allMatch(c -> c.next() == null);
        Fit fit = over ? ComplexitySearch.fit(cells) : null;
        b.append(over ? "" : "the search is not finished: run bin/sweep complexity again to resume\n");
        if (fit != null) {
            b.append('\n').append(fit.table());
        }
        return b.toString();
    }

    /** The theorem check of every cell ({@link TheoremCheck#table}), read-only. */
    public static String theoremTable(ComplexitySpec spec, ResultsFolder folder) throws IOException {
        Map<String, Measurement> measured = Measurement.readAll(folder);
        return theorem(spec, ComplexitySearch.replay(spec, measured), measured);
    }

    private static String theorem(ComplexitySpec spec, List<CellSearch> cells, Map<String, Measurement> measured) {
        return TheoremCheck.table(cells.stream().map(c -> TheoremCheck.of(spec, c, measured)).toList());
    }

    /** The cells' outcomes as a terminal table. */
    public static String table(ComplexitySpec spec, List<CellSearch> cells) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-42s %4s %9s %17s %7s %6s %9s%n", "cell", "K", "outcome", "N* (bracket)",
                "probes", "runs", "full grid"));
        for (CellSearch s : cells) {
            String bracket = s.nStar() == null ? "-" : s.nStar() + " (" + (s.bracketLow() == null ? "-" : s.bracketLow())
                    + ", " + s.bracketHigh() + "]";
            b.append(String.format(Locale.ROOT, "%-42s %4d %9s %17s %7d %6d %9d%n", s.cell().label(), s.cell().k(),
                    s.outcome().name().toLowerCase(Locale.ROOT), bracket, s.probes().size(),
                    s.probes().size() * spec.seeds().size(), s.fullGridPoints() * spec.seeds().size()));
        }
        return b.toString();
    }
}
