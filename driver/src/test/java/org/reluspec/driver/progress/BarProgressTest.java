package org.reluspec.driver.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The progress line at 80 columns: readable bar, counts, ETA, live summary, one final line. */
class BarProgressTest {
    static final Pattern BAR = Pattern.compile("\\[(=*)( *)\\]");

    static List<String> frames(ByteArrayOutputStream b) {
        return Arrays.stream(b.toString(StandardCharsets.UTF_8).split("\r")).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void at80ColumnsTheBarIsReadableTheSummaryShowsAndTheLastLinePrintsOnce() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BarProgress p = new BarProgress(new PrintStream(b, true, StandardCharsets.UTF_8), 80);
        p.start(20, 0);
        double[] losses = {0.02, 0.5, 0.031, 0.0004, 0.3, 0.07, 0.009, 0.011, 0.2};
        int coveredSum = 0;
        for (int i = 0; i < 9; i++) {
            int covered = i % 3;
            coveredSum += covered;
            p.finished(new RunOutcome(i == 4 ? "diverged" : "ok", covered, 2, losses[i]));
            p.update(i + 1, i >= 4 ? 1 : 0, 0);
        }
        p.finished(new RunOutcome("failed", null, 0, null));
        p.update(10, 1, 1);
        String now = p.render(false);
        assertEquals(79, now.length(), now);
        assertTrue(now.contains("10/20 ETA "), now);
        assertTrue(now.contains("div 1 fail 1"), now);
        // Mean over the 9 runs that did not fail (the diverged one included): 9/9 = 1.00 of 2.
        assertEquals(9, coveredSum);
        assertTrue(now.contains("cov@.95 1.00/2"), now);
        Matcher m = BAR.matcher(now);
        assertTrue(m.find(), now);
        assertTrue(m.group(1).length() + m.group(2).length() >= BarProgress.MIN_BAR, now);
        assertEquals(m.group(1).length(), m.group(2).length(), "half done, half the bar: " + now);

        p.close();
        p.close();
        String all = b.toString(StandardCharsets.UTF_8);
        assertEquals(1, all.chars().filter(c -> c == '\n').count(), "one final line: " + all);
        String last = frames(b).get(frames(b).size() - 1);
        assertTrue(last.contains("10/20 in ") && last.startsWith(" 50% ["), "stopped at 10 of 20, as it is: " + last);
        for (String f : frames(b)) {
            assertTrue(f.strip().length() <= 79, "fits 80 columns: " + f);
        }
    }

    @Test
    void aWideTerminalShowsTheWholeSummary() {
        BarProgress p = new BarProgress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 140);
        p.start(4, 0);
        p.finished(new RunOutcome("ok", 3, 4, 2e-3));
        p.finished(new RunOutcome("ok", 4, 4, 7e-2));
        p.update(2, 0, 0);
        String line = p.render(false);
        p.close();
        assertTrue(line.contains("cov@.95 3.50/4  max loss 7.0e-02  div 0 fail 0  ") && line.contains(" runs/s"), line);
    }

    @Test
    void aNarrowTerminalDropsTheSummaryBeforeTheBarOrTheCounts() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BarProgress p = new BarProgress(new PrintStream(b, true, StandardCharsets.UTF_8), 60);
        p.start(1000, 0);
        p.finished(new RunOutcome("ok", 2, 2, 1e-3));
        p.update(1, 0, 0);
        String line = p.render(false);
        p.close();
        assertEquals(59, line.length(), line);
        assertTrue(line.contains("1/1000 ETA ") && line.contains("div 0 fail 0"), line);
        assertFalse(line.contains("runs/s"), line);
        Matcher m = BAR.matcher(line);
        assertTrue(m.find() && m.group(1).length() + m.group(2).length() >= BarProgress.MIN_BAR, line);
    }
}
