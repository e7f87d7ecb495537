package org.reluspec.driver.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM of a running sweep, caught instead of the JVM's shutdown (whose hooks stop
 * Spark under the running job and print its stack traces): the first asks the sweep to stop
 * (the runs already finished are committed, the job is cancelled); a second one ends the process
 * at once with the same exit status (the folder stays consistent: commits are atomic).
 */
public final class StopSignal implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final int exitOnSecond;
    private volatile String received;

    private StopSignal(int exitOnSecond) {
        this.exitOnSecond = exitOnSecond;
    }

    /** Catches INT and TERM until closed; {@code exitOnSecond}: the status of a second signal. */
    public static StopSignal install(int exitOnSecond) {
        StopSignal s = new StopSignal(exitOnSecond);
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal sig = new Signal(name);
                s.previous.add(Signal.handle(sig, s::handle));
                s.signals.add(sig);
            } catch (IllegalArgumentException e) {
                // A signal this platform or JVM (-Xrs) does not let us catch: its default stays.
            }
        }
        return s;
    }

    private void handle(Signal sig) {
        if (received != null) {
            Runtime.getRuntime().halt(exitOnSecond);
        }
        received = "SIG" + sig.getName();
    }

    /** The signal received (SIGINT, SIGTERM), or null. */
    public String received() {
        return received;
    }

    /**
     * Every logger off for the rest of the process: once a signal stops the sweep, the cancelled
     * tasks and the stopping context are expected, not errors. SparkContext.setLogLevel would set
     * only the root logger, and the loggers the configuration names keep their own levels
     * (conf/log4j2.properties: Spark's TaskSetManager printed "Lost task ... TaskKilled", its Utils
     * the stack trace of a task that ended after the context had stopped).
     */
    public static void silenceLogging() {
        if (LogManager.getContext(false) instanceof LoggerContext) {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
