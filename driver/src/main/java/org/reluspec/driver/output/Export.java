package org.reluspec.driver.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Exports every dataset of a results folder to plain text files, one per dataset, for readers
 * without a Parquet library (the notebooks' loader where pyarrow is not installed).
 *
 * <p>The four run datasets are read with the commit rules of {@link ResultsFolder#validFiles}
 * and the columns of {@link Schema}; any other dataset folder (e.g. {@code complexity/probes})
 * is read as a plain Parquet folder with the schema of its files. Formats: {@code jsonl} (one
 * JSON object per row, every column present, null where null, arrays as JSON lists, non-finite
 * numbers as the bare tokens NaN / Infinity / -Infinity that Python's json module reads) or
 * {@code csv} (a header, arrays as JSON lists in quoted fields, empty for null). The file
 * {@code _schema.json} ({dataset: [{name, type}]}, types as in docs/SCHEMA.md) is written last:
 * an export is complete when it is there.
 */
public final class Export {
    public static final String SCHEMA_FILE = "_schema.json";

    public enum Format {
        JSONL, CSV;

        public String extension() {
            return name().toLowerCase();
        }
    }

    /** One exported dataset: its name (a path relative to the results folder), columns and rows written. */
    public record Dataset(String name, List<String[]> columns, long rows) {
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    private Export() {
    }

    /** Exports every dataset of {@code folder} into {@code to} (created if absent). */
    public static List<Dataset> export(ResultsFolder folder, Path to, Format format) throws IOException {
        Configuration conf = folder.conf();
        FileSystem outFs = to.getFileSystem(conf);
        if (outFs instanceof org.apache.hadoop.fs.LocalFileSystem local) {
            outFs = local.getRaw(); // no .crc files next to a local export
        }
        outFs.mkdirs(to);
        outFs.delete(new Path(to, SCHEMA_FILE), false);
        List<Dataset> done = new ArrayList<>();
        for (Table t : List.of(Schema.RUNS, Schema.EPOCHS, Schema.NODES, Schema.STUDENTS)) {
            List<String[]> cols = new ArrayList<>();
            for (Column c : t.columns()) {
                cols.add(new String[] {c.name(), c.kind().sparkType()});
            }
            List<Path> files = folder.validFiles(t);
            long n = write(outFs, new Path(to, t.name() + "." + format.extension()), format, cols, sink -> {
                for (Path p : files) {
                    ParquetIO.forEach(conf, p, t, null, g -> {
                        Object[] row = new Object[t.columns().size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = ParquetIO.value(g, t.columns().get(i));
                        }
                        sink.row(row);
                    });
                }
            });
            done.add(new Dataset(t.name(), cols, n));
        }
        for (String name : otherDatasets(folder)) {
            List<Path> files = parquetFiles(folder, name);
            MessageType schema = schemaOf(conf, files.get(0));
            List<String[]> cols = new ArrayList<>();
            for (Type f : schema.getFields()) {
                cols.add(new String[] {f.getName(), typeName(f)});
            }
            Path target = new Path(to, name + "." + format.extension());
            outFs.mkdirs(target.getParent());
            long n = write(outFs, target, format, cols, sink -> {
                for (Path p : files) {
                    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), p).withConf(conf).build()) {
                        for (Group g = r.read(); g != null; g = r.read()) {
                            Object[] row = new Object[cols.size()];
                            for (int i = 0; i < row.length; i++) {
                                row[i] = genericValue(g, cols.get(i)[0]);
                            }
                            sink.row(row);
                        }
                    }
                }
            });
            done.add(new Dataset(name, cols, n));
        }
        try (OutputStream o = outFs.create(new Path(to, SCHEMA_FILE), true);
             JsonGenerator j = JSON.createGenerator(o)) {
            j.useDefaultPrettyPrinter();
            j.writeStartObject();
            for (Dataset d : done) {
                j.writeArrayFieldStart(d.name());
                for (String[] c : d.columns()) {
                    j.writeStartObject();
                    j.writeStringField("name", c[0]);
                    j.writeStringField("type", c[1]);
                    j.writeEndObject();
                }
                j.writeEndArray();
            }
            j.writeEndObject();
        }
        return done;
    }

    /**
     * Dataset folders other than the four run datasets: folders (below the results folder,
     * at most two levels deep, names not starting with '_' or '.') that hold Parquet files.
     */
    static List<String> otherDatasets(ResultsFolder folder) throws IOException {
        FileSystem fs = folder.root().getFileSystem(folder.conf());
        List<String> out = new ArrayList<>();
        for (FileStatus st : sorted(fs.listStatus(folder.root()))) {
            String n = st.getPath().getName();
            if (!st.isDirectory() || hidden(n) || Schema.ALL.stream().anyMatch(t -> t.name().equals(n))) {
                continue;
            }
            if (!parquetFiles(folder, n).isEmpty()) {
                out.add(n);
            }
            for (FileStatus sub : sorted(fs.listStatus(st.getPath()))) {
                String s = n + "/" + sub.getPath().getName();
                if (sub.isDirectory() && !hidden(sub.getPath().getName()) && !parquetFiles(folder, s).isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static FileStatus[] sorted(FileStatus[] list) {
        Arrays.sort(list, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        return list;
    }

    private static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    private static List<Path> parquetFiles(ResultsFolder folder, String dataset) throws IOException {
        Path dir = new Path(folder.root(), dataset);
        FileSystem fs = dir.getFileSystem(folder.conf());
        List<Path> out = new ArrayList<>();
        for (FileStatus st : sorted(fs.listStatus(dir))) {
            String n = st.getPath().getName();
            if (st.isFile() && !hidden(n) && n.endsWith(".parquet")) {
                out.add(st.getPath());
            }
        }
        return out;
    }

    private static MessageType schemaOf(Configuration conf, Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    /** The element type of a standard 3-level list, or null if {@code f} is not one. */
    private static PrimitiveType listElement(Type f) {
        if (f.isPrimitive() || !(f.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) {
            return null;
        }
        Type repeated = f.asGroupType().getType(0);
        if (repeated.isPrimitive()) {
            return repeated.asPrimitiveType();
        }
        Type element = repeated.asGroupType().getType(0);
        return element.isPrimitive() ? element.asPrimitiveType() : null;
    }

    static String typeName(Type f) {
        PrimitiveType element = listElement(f);
        if (element != null) {
            return "array<" + primitiveName(element) + ">";
        }
        return f.isPrimitive() ? primitiveName(f.asPrimitiveType()) : "string";
    }

    private static String primitiveName(PrimitiveType p) {
        return switch (p.getPrimitiveTypeName()) {
            case INT32 -> "int";
            case INT64 -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            default -> "string";
        };
    }

    private static Object genericValue(Group g, String name) {
        GroupType type = g.getType();
        if (g.getFieldRepetitionCount(name) == 0) {
            return null;
        }
        Type f = type.getType(name);
        PrimitiveType element = listElement(f);
        if (element != null) {
            Group list = g.getGroup(name, 0);
            Type repeated = f.asGroupType().getType(0);
            int n = list.getFieldRepetitionCount(repeated.getName());
            Object[] out = new Object[n];
            for (int k = 0; k < n; k++) {
                out[k] = repeated.isPrimitive() ? primitive(list, repeated.getName(), k, element)
                        : primitive(list.getGroup(repeated.getName(), k), element.getName(), 0, element);
            }
            return out;
        }
        if (!f.isPrimitive()) {
            return g.getGroup(name, 0).toString();
        }
        return primitive(g, name, 0, f.asPrimitiveType());
    }

    private static Object primitive(Group g, String name, int i, PrimitiveType p) {
        if (g.getFieldRepetitionCount(name) <= i) {
            return null;
        }
        return switch (p.getPrimitiveTypeName()) {
            case INT32 -> g.getInteger(name, i);
            case INT64 -> g.getLong(name, i);
            case FLOAT -> (double) g.getFloat(name, i);
            case DOUBLE -> g.getDouble(name, i);
            case BOOLEAN -> g.getBoolean(name, i);
            default -> g.getValueToString(g.getType().getFieldIndex(name), i);
        };
    }

    private interface Sink {
        void row(Object[] row);
    }

    private interface Source {
        void feed(Sink sink) throws IOException;
    }

    private static long write(FileSystem fs, Path path, Format format, List<String[]> cols, Source source)
            throws IOException {
        long[] n = {0};
        try (OutputStream o = new java.io.BufferedOutputStream(fs.create(path, true), 1 << 16)) {
            if (format == Format.CSV) {
                StringBuilder h = new StringBuilder();
                for (String[] c : cols) {
                    h.append(h.length() == 0 ? "" : ",").append(csvField(c[0]));
                }
                o.write((h + "\n").getBytes(StandardCharsets.UTF_8));
            }
            try {
                source.feed(row -> {
                    try {
                        o.write(format == Format.JSONL ? jsonLine(cols, row) : csvLine(row));
                        n[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return n[0];
    }

    private static byte[] jsonLine(List<String[]> cols, Object[] row) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(256);
        try (JsonGenerator j = JSON.createGenerator(b)) {
            j.writeStartObject();
            for (int i = 0; i < row.length; i++) {
                j.writeFieldName(cols.get(i)[0]);
                writeValue(j, row[i]);
            }
            j.writeEndObject();
        }
        b.write('\n');
        return b.toByteArray();
    }

    private static void writeValue(JsonGenerator j, Object v) throws IOException {
        if (v == null) {
            j.writeNull();
        } else if (v instanceof String s) {
            j.writeString(s);
        } else if (v instanceof Integer x) {
            j.writeNumber(x);
        } else if (v instanceof Long x) {
            j.writeNumber(x);
        } else if (v instanceof Double x) {
            j.writeNumber(x);
        } else if (v instanceof Boolean x) {
            j.writeBoolean(x);
        } else if (v instanceof int[] a) {
            j.writeArray(a, 0, a.length);
        } else if (v instanceof double[] a) {
            j.writeArray(a, 0, a.length);
        } else if (v instanceof Object[] a) {
            j.writeStartArray();
            for (Object x : a) {
                writeValue(j, x);
            }
            j.writeEndArray();
        } else {
            j.writeString(v.toString());
        }
    }

    private static byte[] csvLine(Object[] row) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            Object v = row[i];
            if (v == null) {
                continue;
            }
            if (v instanceof int[] || v instanceof double[] || v instanceof Object[]) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                try (JsonGenerator j = JSON.createGenerator(b)) {
                    writeValue(j, v);
                }
                s.append(csvField(b.toString(StandardCharsets.UTF_8)));
            } else if (v instanceof String str) {
                s.append(csvField(str));
            } else {
                s.append(v);
            }
        }
        return s.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String csvField(String s) {
        if (s.isEmpty() || s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Row counts by dataset, for the command's report. */
    public static Map<String, Long> counts(List<Dataset> datasets) {
        Map<String, Long> m = new LinkedHashMap<>();
        datasets.forEach(d -> m.put(d.name(), d.rows()));
        return m;
    }
}
