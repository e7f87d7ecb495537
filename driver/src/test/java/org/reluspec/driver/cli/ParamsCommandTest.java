package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;

/** bin/sweep params: aligned text in a terminal, markdown (the README's) with --markdown. */
class ParamsCommandTest {
    @Test
    void aTerminalGetsAlignedTextAndMarkdownIsAnOption() {
        MainTest.Result text = MainTest.main("params");
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        assertTrue(lines.get(0).startsWith("parameter") && lines.stream().noneMatch(l -> l.startsWith("|")), text.out());
        assertEquals(1 + 2 * Params.all().size(), lines.size());
        int valueColumn = lines.get(0).indexOf("two_layer");
        for (int k = 0; k < Params.all().size(); k++) {
            Param p = Params.all().get(k);
            String row = lines.get(1 + 2 * k);
            assertTrue(row.startsWith(p.name() + " "), row);
            String def = p.twoLayerDefault() == null ? "-" : p.canonical(p.twoLayerDefault());
            assertEquals(def, row.substring(valueColumn).split("\\s{2,}")[0], "aligned under the header: " + row);
            assertEquals("    " + p.doc(), lines.get(2 + 2 * k));
        }

        MainTest.Result md = MainTest.main("params", "--markdown");
        assertEquals(0, md.code());
        assertEquals(ParamsCommand.markdownTable(), md.out());
        MainTest.Result bad = MainTest.main("params", "--md");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown option --md"), bad.err());
    }
}
