package org.reluspec.driver.complexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The lattice search against oracles whose answer is known. */
class CellSearchTest {
    /** Runs the search with success exactly when N >= threshold. */
    static CellSearch search(Cell c, int start, int max, int l, int threshold) {
        CellSearch s = new CellSearch(c, start, max, l);
        for (Integer j = s.next(); j != null; j = s.next()) {
            boolean ok = s.n(j) >= threshold;
            s.record(j, ok ? 4 : 0, 4, ok);
        }
        return s;
    }

    @Test
    void onAMonotoneOutcomeTheSearchFindsTheFirstLatticePointThatSucceeds() {
        for (Cell c : new Cell[] {new Cell(0, 10, 3, 2, 0.1, Cell.GAUSSIAN), new Cell(0, 10, 3, 2, 0.1, Cell.THEORY)}) {
            for (int threshold = 1; threshold <= 3000; threshold += 7) {
                CellSearch s = search(c, 100, 100_000, 8, threshold);
                int expected = -1;
                for (int j = -200; ; j++) {
                    if (s.n(j) >= threshold) {
                        expected = s.n(j);
                        break;
                    }
                }
                assertEquals(expected, s.nStar(), c.data() + " threshold " + threshold + " " + s.probes());
                if (s.outcome() == CellSearch.Outcome.FOUND) {
                    assertTrue(s.bracketLow() < threshold);
                    // One lattice step (2^(1/8) <= 1.1), up to rounding N up to the granularity.
                    assertTrue(s.bracketHigh() <= s.bracketLow() * Math.pow(2, 1.0 / 8) + c.granularity(),
                            "resolution " + s.bracketLow() + ".." + s.bracketHigh());
                    assertTrue(s.probes().size() <= 3 + 2 * Math.abs(Math.log(threshold / 100.0) / Math.log(2)) + 8,
                            "doubling then log2(8) = 3 bisections: " + s.probes().size());
                } else {
                    assertEquals(CellSearch.Outcome.AT_MIN, s.outcome());
                    assertEquals(c.granularity(), s.nStar());
                }
            }
        }
    }

    @Test
    void aCellThatNeverSucceedsStopsAboveMax() {
        CellSearch s = search(new Cell(0, 10, 2, 2, 0.1, Cell.GAUSSIAN), 32, 1000, 8, Integer.MAX_VALUE);
        assertEquals(CellSearch.Outcome.ABOVE_MAX, s.outcome());
        assertNull(s.nStar());
        assertEquals(5, s.probes().size(), "32, 64, 128, 256, 512; 1024 > max is not probed");
    }

    @Test
    void theLatticeStepMeetsTheResolution() {
        assertEquals(8, ComplexityLoader.parse(ComplexitySearchTest.SMALL, "s", java.util.List.of()).stepsPerDoubling());
        assertEquals(1, ComplexityLoader.parse(ComplexitySearchTest.SMALL, "s", java.util.List.of("resolution=1"))
                .stepsPerDoubling());
        assertEquals(128, ComplexityLoader.parse(ComplexitySearchTest.SMALL, "s", java.util.List.of("search.resolution=0.01"))
                .stepsPerDoubling());
    }
}
