package org.reluspec.driver.output;

/** Prints the column tables of docs/SCHEMA.md from {@link Schema} (test scope). */
public final class SchemaDoc {
    private SchemaDoc() {
    }

    public static void main(String[] args) {
        System.out.print(tables());
    }

    public static String tables() {
        StringBuilder b = new StringBuilder();
        for (Table t : java.util.List.of(Schema.RUNS, Schema.EPOCHS, Schema.NODES, Schema.STUDENTS)) {
            b.append("### ").append(t.name()).append("\n\n| column | type | meaning |\n| --- | --- | --- |\n");
            for (Column c : t.columns()) {
                b.append("| `").append(c.name()).append("` | ").append(c.kind().sparkType()).append(" | ")
                        .append(c.doc().replace("|", "\\|")).append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
