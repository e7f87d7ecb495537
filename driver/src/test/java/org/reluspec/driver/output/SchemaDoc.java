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
        java.util.List<Table> tables = new java.util.ArrayList<>(
                java.util.List.of(Schema.RUNS, Schema.EPOCHS, Schema.NODES, Schema.STUDENTS));
        tables.addAll(Schema.COMPLEXITY);
        for (Table t : tables) {
            b.append("### ").append(Schema.COMPLEXITY.contains(t) ? "complexity/" : "").append(t.name()).append("\n\n| column | type | meaning |\n| --- | --- | --- |\n");
            for (Column c : t.columns()) {
                b.append("| `").append(c.name()).append("` | ").append(c.kind().sparkType()).append(" | ")
                        .append(c.doc().replace("|", "\\|")).append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
