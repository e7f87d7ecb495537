package org.reluspec.driver.progress;

import java.io.PrintStream;
import java.util.Locale;

/** Quiet line-based progress for logs and pipes: one line every interval and at the end. */
final class LineProgress implements Progress {
    private final PrintStream out;
    private final long intervalMillis;
    private long start;
    private long lastPrint;
    private int total;
    private int done;
    private int diverged;
    private int failed;
    private int printed = -1;
    private final LiveSummary summary = new LiveSummary();

    LineProgress(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void start(int total, int alreadyDone) {
        this.total = total;
        this.start = System.currentTimeMillis();
        this.lastPrint = start;
    }

    @Override
    public void update(int done, int diverged, int failed) {
        this.done = done;
        this.diverged = diverged;
        this.failed = failed;
        long now = System.currentTimeMillis();
        if (now - lastPrint >= intervalMillis) {
            lastPrint = now;
            print(now);
        }
    }

    private void print(long now) {
        printed = done;
        double secs = Math.max(1e-3, (now - start) / 1000.0);
        double rate = done / secs;
        String eta = done == 0 ? "?" : Format.duration((total - done) / rate);
        String live = summary.longText();
        out.printf(Locale.ROOT, "progress: %d/%d runs, %d diverged, %d failed, %.2f runs/s, ETA %s%s%n",
                done, total, diverged, failed, rate, eta, live.isEmpty() ? "" : "; finished runs: " + live);
        out.flush();
    }

    @Override
    public void finished(RunOutcome run) {
        summary.add(run);
    }

    @Override
    public void note(String line) {
        if (intervalMillis != Long.MAX_VALUE) {
            out.println(line);
        }
    }

    @Override
    public void close() {
        if (intervalMillis != Long.MAX_VALUE && total > 0 && printed != done) {
            print(System.currentTimeMillis());
        }
    }
}
