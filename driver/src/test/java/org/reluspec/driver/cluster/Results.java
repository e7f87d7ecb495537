package org.reluspec.driver.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.reluspec.driver.output.Column;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;

/** The committed rows of a results folder, read back with parquet-hadoop (no Spark). */
public final class Results {
    /** Columns that may differ between two executions of the same run. */
    static final Set<String> NOT_REPRODUCIBLE = Set.of("wall_seconds", "attempt");

    private Results() {
    }

    /** Every committed row of a dataset, duplicates included, as column -> value. */
    static List<Map<String, Object>> rows(String folder, Table t, Configuration conf) throws IOException {
        ResultsFolder f = ResultsFolder.at(folder, conf);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path p : f.validFiles(t)) {
            ParquetIO.forEach(conf, p, t, null, g -> {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Column c : t.columns()) {
                    row.put(c.name(), ParquetIO.value(g, c));
                }
                out.add(row);
            });
        }
        return out;
    }

    /** Run ids of the committed runs rows, one per row (a duplicate would appear twice). */
    public static List<String> runIds(String folder, Configuration conf) throws IOException {
        return rows(folder, Schema.RUNS, conf).stream().map(r -> (String) r.get("run_id")).toList();
    }

    /**
     * Every row of every dataset as text with exact values (doubles print their shortest exact
     * form), but for the columns that are not reproducible; sorted, so that commit order does not matter.
     */
    public static List<String> canonical(String folder, Configuration conf) throws IOException {
        List<String> out = new ArrayList<>();
        for (Table t : Schema.ALL) {
            TreeSet<String> lines = new TreeSet<>();
            List<Map<String, Object>> rows = rows(folder, t, conf);
            for (Map<String, Object> r : rows) {
                StringBuilder b = new StringBuilder(t.name());
                r.forEach((k, v) -> {
                    if (!NOT_REPRODUCIBLE.contains(k)) {
                        b.append(' ').append(k).append('=').append(text(v));
                    }
                });
                lines.add(b.toString());
            }
            if (lines.size() != rows.size()) {
                throw new AssertionError(t.name() + ": " + (rows.size() - lines.size()) + " duplicate rows");
            }
            out.addAll(lines);
        }
        return out;
    }

    private static String text(Object v) {
        if (v instanceof double[] d) {
            return Arrays.toString(d);
        }
        if (v instanceof int[] i) {
            return Arrays.toString(i);
        }
        return String.valueOf(v);
    }
}
