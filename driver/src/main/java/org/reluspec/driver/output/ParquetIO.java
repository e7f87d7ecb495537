package org.reluspec.driver.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Parquet files of a {@link Table} through the Hadoop FileSystem API (file://, hdfs://, s3a://),
 * written and read on the driver with parquet-hadoop: no Spark job competes with the sweep.
 */
public final class ParquetIO {
    private ParquetIO() {
    }

    /** Writes {@code rows} to {@code path} (overwriting it). */
    public static void write(Configuration conf, Path path, Table table, List<Object[]> rows) throws IOException {
        try (ParquetWriter<Group> w = writer(conf, path, table)) {
            SimpleGroupFactory f = new SimpleGroupFactory(table.parquetSchema());
            for (Object[] row : rows) {
                w.write(toGroup(f, table, row));
            }
        }
    }

    /** A writer for {@code table} at {@code path}, e.g. to copy groups into (compaction). */
    public static ParquetWriter<Group> writer(Configuration conf, Path path, Table table) throws IOException {
        return ExampleParquetWriter.builder(HadoopOutputFile.fromPath(path, conf))
                .withConf(conf)
                .withType(table.parquetSchema())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    /**
     * Streams every record of a file, optionally reading only some columns. A file written before
     * some columns existed (see {@link #olderOrSame}) reads them as null ({@link #value}); read whole,
     * its records are given in today's schema, so that they can be copied into a new file.
     */
    public static void forEach(Configuration conf, Path path, Table table, List<String> columns,
                               Consumer<Group> action) throws IOException {
        MessageType full = table.parquetSchema();
        MessageType file = null;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
            file = r.getFooter().getFileMetaData().getSchema();
        }
        boolean older = !file.equals(full);
        Configuration c = conf;
        if (columns != null || older) {
            c = new Configuration(conf);
            List<org.apache.parquet.schema.Type> fields = new ArrayList<>();
            for (String col : columns != null ? columns : file.getFields().stream().map(Type::getName).toList()) {
                if (file.containsField(col)) {
                    fields.add(full.getType(col));
                }
            }
            c.set(ReadSupport.PARQUET_READ_SCHEMA, new MessageType(full.getName(), fields).toString());
        }
        SimpleGroupFactory upgrade = columns == null && older ? new SimpleGroupFactory(full) : null;
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), path).withConf(c).build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                action.accept(upgrade == null ? g : toGroup(upgrade, table, row(g, table)));
            }
        }
    }

    /** A record's values in the table's column order (null where absent). */
    static Object[] row(Group g, Table table) {
        Object[] row = table.newRow();
        for (int i = 0; i < row.length; i++) {
            row[i] = value(g, table.columns().get(i));
        }
        return row;
    }

    /**
     * Whether a file's schema is the table's, or the table's of an earlier version of the same
     * schema: each of its columns is one of the table's, with the same type; columns added since are
     * absent (they are optional and read as null).
     */
    static boolean olderOrSame(MessageType file, Table table) {
        MessageType full = table.parquetSchema();
        if (file.equals(full)) {
            return true;
        }
        if (!file.getName().equals(full.getName())) {
            return false;
        }
        for (Type f : file.getFields()) {
            if (!full.containsField(f.getName()) || !full.getType(f.getName()).equals(f)) {
                return false;
            }
        }
        return true;
    }

    static Group toGroup(SimpleGroupFactory f, Table table, Object[] row) {
        Group g = f.newGroup();
        List<Column> cols = table.columns();
        for (int i = 0; i < cols.size(); i++) {
            Object v = row[i];
            if (v == null) {
                continue;
            }
            String name = cols.get(i).name();
            switch (cols.get(i).kind()) {
                case STRING -> g.append(name, v.toString());
                case INT -> g.append(name, ((Number) v).intValue());
                case LONG -> g.append(name, ((Number) v).longValue());
                case DOUBLE -> g.append(name, ((Number) v).doubleValue());
                case BOOL -> g.append(name, (Boolean) v);
                case INT_ARRAY -> {
                    Group list = g.addGroup(name);
                    for (int x : (int[]) v) {
                        list.addGroup("list").append("element", x);
                    }
                }
                case DOUBLE_ARRAY -> {
                    Group list = g.addGroup(name);
                    for (double x : (double[]) v) {
                        list.addGroup("list").append("element", x);
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return g;
    }

    /** One column's value of a record read back: String, Integer, Long, Double, Boolean, int[] or double[]. */
    public static Object value(Group g, Column c) {
        String name = c.name();
        if (!g.getType().containsField(name) || g.getFieldRepetitionCount(name) == 0) {
            return null;
        }
        return switch (c.kind()) {
            case STRING -> g.getString(name, 0);
            case INT -> g.getInteger(name, 0);
            case LONG -> g.getLong(name, 0);
            case DOUBLE -> g.getDouble(name, 0);
            case BOOL -> g.getBoolean(name, 0);
            case INT_ARRAY -> {
                Group list = g.getGroup(name, 0);
                int n = list.getFieldRepetitionCount("list");
                int[] out = new int[n];
                for (int k = 0; k < n; k++) {
                    out[k] = list.getGroup("list", k).getInteger("element", 0);
                }
                yield out;
            }
            case DOUBLE_ARRAY -> {
                Group list = g.getGroup(name, 0);
                int n = list.getFieldRepetitionCount("list");
                double[] out = new double[n];
                for (int k = 0; k < n; k++) {
                    out[k] = list.getGroup("list", k).getDouble("element", 0);
                }
                yield out;
            }
        };
    }
}
