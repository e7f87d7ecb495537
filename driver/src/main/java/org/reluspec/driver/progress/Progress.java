package org.reluspec.driver.progress;

import java.io.PrintStream;

/**
 * Told of every finished run while a sweep goes; shows done/total, diverged/failed, rate, ETA
 * and a summary of the finished runs.
 */
public interface Progress extends AutoCloseable {

    /** {@code total} runs to do in this session ({@code alreadyDone} were committed before). */
    void start(int total, int alreadyDone);

    void update(int done, int diverged, int failed);

    /** A run finished (before the {@link #update} that counts it); feeds the live summary. */
    default void finished(RunOutcome run) {
    }

    /** A line of information (e.g. a commit), shown without breaking the bar. */
    void note(String line);

    @Override
    void close();

    /** A bar on a terminal, lines otherwise; {@code mode} auto, bar, lines or none. */
    static Progress forOutput(String mode, PrintStream out) {
        boolean terminal = System.console() != null;
        return switch (mode) {
            case "bar" -> new BarProgress(out, BarProgress.terminalWidth());
            case "lines" -> new LineProgress(out, 10_000);
            case "none" -> new LineProgress(out, Long.MAX_VALUE);
            default -> terminal ? new BarProgress(out, BarProgress.terminalWidth()) : new LineProgress(out, 10_000);
        };
    }
}
