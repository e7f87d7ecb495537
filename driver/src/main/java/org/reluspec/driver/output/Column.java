package org.reluspec.driver.output;

import java.io.Serializable;

/** One Parquet column: its name (stable, documented in docs/SCHEMA.md), kind and meaning. */
public record Column(String name, Kind kind, String doc) implements Serializable {

    /** Column kinds; every column is nullable, array elements are not. */
    public enum Kind {
        STRING, INT, LONG, DOUBLE, BOOL, INT_ARRAY, DOUBLE_ARRAY;

        public String sparkType() {
            return switch (this) {
                case STRING -> "string";
                case INT -> "int";
                case LONG -> "bigint";
                case DOUBLE -> "double";
                case BOOL -> "boolean";
                case INT_ARRAY -> "array<int>";
                case DOUBLE_ARRAY -> "array<double>";
            };
        }
    }
}
