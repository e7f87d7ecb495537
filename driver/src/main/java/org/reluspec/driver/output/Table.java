package org.reluspec.driver.output;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/** A dataset's columns, in order; rows are {@code Object[]} aligned with them. */
public final class Table {
    private final String name;
    private final List<Column> columns;
    private final Map<String, Integer> index = new HashMap<>();

    Table(String name, List<Column> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            if (index.put(columns.get(i).name(), i) != null) {
                throw new IllegalStateException("column defined twice: " + name + "." + columns.get(i).name());
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Column> columns() {
        return columns;
    }

    public int indexOf(String column) {
        Integer i = index.get(column);
        if (i == null) {
            throw new IllegalArgumentException("no column " + column + " in " + name);
        }
        return i;
    }

    public boolean has(String column) {
        return index.containsKey(column);
    }

    public Object[] newRow() {
        return new Object[columns.size()];
    }

    /** The Parquet schema: optional columns, standard 3-level lists (Spark reads them as arrays). */
    public MessageType parquetSchema() {
        List<Type> fields = new ArrayList<>();
        for (Column c : columns) {
            fields.add(parquetType(c));
        }
        return new MessageType("reluspec_" + name, fields);
    }

    static Type parquetType(Column c) {
        return switch (c.kind()) {
            case STRING -> org.apache.parquet.schema.Types.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType()).named(c.name());
            case INT -> new PrimitiveType(Repetition.OPTIONAL, PrimitiveTypeName.INT32, c.name());
            case LONG -> new PrimitiveType(Repetition.OPTIONAL, PrimitiveTypeName.INT64, c.name());
            case DOUBLE -> new PrimitiveType(Repetition.OPTIONAL, PrimitiveTypeName.DOUBLE, c.name());
            case BOOL -> new PrimitiveType(Repetition.OPTIONAL, PrimitiveTypeName.BOOLEAN, c.name());
            case INT_ARRAY -> list(c.name(), PrimitiveTypeName.INT32);
            case DOUBLE_ARRAY -> list(c.name(), PrimitiveTypeName.DOUBLE);
        };
    }

    private static Type list(String name, PrimitiveTypeName element) {
        return new GroupType(Repetition.OPTIONAL, name, org.apache.parquet.schema.OriginalType.LIST,
                List.<Type>of(new GroupType(Repetition.REPEATED, "list",
                        new PrimitiveType(Repetition.REQUIRED, element, "element"))));
    }
}
