package org.reluspec.driver.spark;

import java.util.ArrayList;
import java.util.List;
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

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
