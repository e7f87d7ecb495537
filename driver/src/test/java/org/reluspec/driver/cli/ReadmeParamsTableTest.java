package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's parameter table is the one generated from the parameter catalog. */
class ReadmeParamsTableTest {

    @Test
    void readmeListsEveryParameterAsTheCatalogDefinesIt() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String begin = "<!-- params:begin -->\n";
        int from = readme.indexOf(begin) + begin.length();
        int to = readme.indexOf("<!-- params:end -->");
        assertEquals(ParamsCommand.markdownTable(), readme.substring(from, to),
                "regenerate the table with: bin/sweep params --markdown");
    }
}
