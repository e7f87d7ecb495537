package org.reluspec.driver.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.params.Params;

class SchemaTest {
    @Test
    void columnNamesAreUniqueWithoutCaseBecauseSparkIgnoresCase() {
        for (Table t : java.util.stream.Stream.concat(Schema.ALL.stream(), Schema.COMPLEXITY.stream()).toList()) {
            Set<String> seen = new HashSet<>();
            for (Column c : t.columns()) {
                assertTrue(seen.add(c.name().toLowerCase(Locale.ROOT)), t.name() + "." + c.name());
            }
        }
        Params.all().forEach(p -> assertTrue(Schema.RUNS.has(p.name()), p.name()));
    }

    @Test
    void theSchemaDocumentListsEveryColumnOfThisVersion() throws Exception {
        String doc = Files.readString(Path.of("../docs/SCHEMA.md"));
        assertTrue(doc.contains("schema_version = " + SweepSpec.FORMAT_VERSION), "docs/SCHEMA.md names the version");
        assertTrue(doc.contains(SchemaDoc.tables()), "regenerate the tables: SchemaDoc prints them");
        assertEquals(4, Schema.ALL.size());
    }
}
