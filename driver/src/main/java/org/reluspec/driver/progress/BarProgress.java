package org.reluspec.driver.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The terminal progress bar (me.tongfei:progressbar): done/total, rate, ETA, diverged/failed. */
final class BarProgress implements Progress {
    private final PrintStream out;
    private ProgressBar bar;

    BarProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start(int total, int alreadyDone) {
        bar = new ProgressBarBuilder()
                .setTaskName("sweep")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUnit(" runs", 1)
                .showSpeed(new java.text.DecimalFormat("0.00"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .setMaxRenderedLength(120)
                .continuousUpdate()
                .setEtaFunction(state -> java.util.Optional.ofNullable(eta(state.getCurrent(), state.getMax(),
                        state.getTotalElapsed())))
                .build();
        bar.setExtraMessage(" diverged 0 failed 0");
    }

    private static Duration eta(long done, long max, Duration elapsed) {
        if (done <= 0) {
            return null;
        }
        return elapsed.multipliedBy(max - done).dividedBy(done);
    }

    @Override
    public void update(int done, int diverged, int failed) {
        bar.stepTo(done);
        bar.setExtraMessage(" diverged " + diverged + " failed " + failed);
    }

    @Override
    public void note(String line) {
        // The bar owns the line; notes would break it. Commits are visible in the counter.
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
