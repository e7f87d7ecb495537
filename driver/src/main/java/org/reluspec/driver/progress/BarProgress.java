package org.reluspec.driver.progress;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The terminal progress line, redrawn in place once a second and at every finished run:
 * {@code  45% [=====     ] 9/20 ETA 21 s  cov@.95 1.83/2  max loss 3.1e-02  div 0 fail 0  0.52 runs/s}
 * (finished runs so far: mean covered teacher nodes at 0.95 of the teacher's, the largest final
 * eval loss, diverged and failed counts).
 * It fits the terminal's width: the counts and ETA always show, the summary of finished runs as
 * far as it fits, and the bar takes what is left (at least 10 characters). The last state is
 * printed once, on close, as it is (an interrupted sweep never shows a finished bar).
 */
final class BarProgress implements Progress {
    static final int MIN_BAR = 10;
    private final PrintStream out;
    private final int width;
    private final LiveSummary summary = new LiveSummary();
    private ScheduledExecutorService ticker;
    private long start;
    private int total;
    private int done;
    private int diverged;
    private int failed;
    private boolean closed;
    private int barWidth = 40;

    BarProgress(PrintStream out, int width) {
        this.out = out;
        this.width = Math.max(40, width);
    }

    /** The terminal's columns (80 when unknown). */
    static int terminalWidth() {
        try (org.jline.terminal.Terminal t = org.jline.terminal.TerminalBuilder.builder().system(true).dumb(true)
                .build()) {
            return t.getWidth() > 0 ? t.getWidth() : 80;
        } catch (java.io.IOException | RuntimeException e) {
            return 80;
        }
    }

    @Override
    public synchronized void start(int total, int alreadyDone) {
        this.total = total;
        this.start = System.nanoTime();
        draw();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reluspec-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void tick() {
        if (!closed) {
            draw();
        }
    }

    @Override
    public synchronized void finished(RunOutcome run) {
        summary.add(run);
    }

    @Override
    public synchronized void update(int done, int diverged, int failed) {
        this.done = done;
        this.diverged = diverged;
        this.failed = failed;
        draw();
    }

    @Override
    public void note(String line) {
        // The line is the bar's; commits show in the counter.
    }

    private void draw() {
        out.print("\r" + render(false));
        out.flush();
    }

    /** The line for the current state, width - 1 characters (no wrap in the last column). */
    synchronized String render(boolean last) {
        double secs = Math.max(1e-3, (System.nanoTime() - start) * 1e-9);
        double rate = done / secs;
        String eta = last ? "in " + Format.duration(secs)
                : "ETA " + (done == 0 ? "?" : Format.duration((total - done) / rate));
        String percent = String.format(Locale.ROOT, "%3d%%", total == 0 ? 100 : (int) Math.floor(100.0 * done / total));
        String counts = done + "/" + total + " " + eta;
        // Shown in this order; dropped, when the line is too narrow, from the first of dropOrder.
        String rateText = String.format(Locale.ROOT, "%.2f runs/s", rate);
        List<String> extra = new ArrayList<>(List.of(summary.covered(), summary.worstLoss(),
                "div " + diverged + " fail " + failed, rateText));
        List<String> dropOrder = new ArrayList<>(List.of(rateText, summary.worstLoss(), summary.covered()));
        extra.removeIf(String::isEmpty);
        dropOrder.removeIf(String::isEmpty);
        int room = width - 1;
        while (true) {
            String tail = counts + (extra.isEmpty() ? "" : "  " + String.join("  ", extra));
            int bar = room - (percent + " [] ").length() - tail.length();
            if (bar >= MIN_BAR || dropOrder.isEmpty()) {
                // The bar only narrows (as the summary appears), so the line does not jitter.
                int w = Math.max(MIN_BAR, Math.min(bar, barWidth));
                barWidth = w;
                int filled = total == 0 ? w : (int) ((long) w * done / total);
                String line = percent + " [" + "=".repeat(filled) + " ".repeat(w - filled) + "] " + tail;
                return line.length() > room ? line.substring(0, room) : line + " ".repeat(room - line.length());
            }
            extra.remove(dropOrder.remove(0));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        synchronized (this) {
            out.print("\r" + render(true) + "\n");
            out.flush();
        }
    }
}
