package org.reluspec.driver.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.reluspec.driver.cli.RunCommand;

/**
 * Chaos for one results folder: a small sweep driven through a random (seeded) schedule of
 * driver kills (kill -9, SIGINT, SIGTERM at a random moment: during start-up, planning, Spark's
 * start, a run or a commit) and second drivers started on the same folder, then run to the end;
 * the folder must then hold every run exactly once and every dataset the run_ids of runs.
 * {@link #main} is the benchmark: {@code N} schedules and a table of what happened.
 */
public final class Chaos {
    static final int RUNS = 6;
    static final int STEPS = 1500;
    /** Tiny runs need no optimizing compiler: the drivers start faster without it. */
    static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** What a set of schedules did and found. */
    static final class Tally {
        int schedules;
        int kill9;
        int sigint;
        int sigterm;
        int killsAfterEnd;
        int secondDrivers;
        int refusals;
        int runs;
        int duplicates;
        int lost;
        int inconsistent;
        int noisy;
        int badExits;
        final List<String> failures = new ArrayList<>();

        synchronized void add(Tally t) {
            schedules += t.schedules;
            kill9 += t.kill9;
            sigint += t.sigint;
            sigterm += t.sigterm;
            killsAfterEnd += t.killsAfterEnd;
            secondDrivers += t.secondDrivers;
            refusals += t.refusals;
            runs += t.runs;
            duplicates += t.duplicates;
            lost += t.lost;
            inconsistent += t.inconsistent;
            noisy += t.noisy;
            badExits += t.badExits;
            failures.addAll(t.failures);
        }

        String table() {
            return String.format(Locale.ROOT, "| schedules | kill -9 | SIGINT | SIGTERM | second drivers | refused "
                    + "| runs committed | duplicates | lost runs | datasets inconsistent | noisy stops | unexpected exits |%n"
                    + "| %d | %d | %d | %d | %d | %d | %d of %d | %d | %d | %d | %d | %d |%n",
                    schedules, kill9, sigint, sigterm, secondDrivers, refusals, runs, schedules * RUNS, duplicates,
                    lost, inconsistent, noisy, badExits);
        }
    }

    private Chaos() {
    }

    /** One schedule on the folder {@code name}, from {@code seed}. */
    static Tally schedule(LocalDrivers drivers, String name, long seed) throws Exception {
        Random rnd = new Random(seed);
        Tally t = new Tally();
        t.schedules = 1;
        List<String> args = drivers.runArgs(drivers.sweep(name, RUNS, STEPS));
        int events = rnd.nextDouble() < 0.25 ? 2 : 1;
        for (int e = 0; e < events; e++) {
            LocalDrivers.Driver a = drivers.start(name + "-" + e + "a.log", args);
            try {
                // A third of the kills land at a random moment of start-up, the rest once the lock is held.
                if (rnd.nextDouble() < 2.0 / 3) {
                    LocalDrivers.waitFor(() -> !a.process().isAlive() || a.output().contains("estimated "), 180,
                            "the driver's plan");
                    Thread.sleep(rnd.nextInt(4000));
                } else {
                    Thread.sleep(200 + rnd.nextInt(6000));
                }
                if (a.process().isAlive() && rnd.nextDouble() < 0.35) {
                    t.secondDrivers++;
                    LocalDrivers.Driver b = drivers.start(name + "-" + e + "b.log", args);
                    int code = b.await(180);
                    if (code == 2 && b.output().contains("being written by another driver")) {
                        t.refusals++;
                    } else if (code != 0 && code != 2) {
                        t.badExits++;
                        t.failures.add(name + ": second driver exit " + code + ": " + tail(b.output()));
                    }
                }
                String kind = List.of("KILL", "INT", "TERM").get(rnd.nextInt(3));
                if (!a.process().isAlive()) {
                    t.killsAfterEnd++;
                    continue;
                }
                a.signal(kind);
                int code = a.await(120);
                switch (kind) {
                    case "KILL" -> t.kill9++;
                    case "INT" -> t.sigint++;
                    default -> t.sigterm++;
                }
                // Before the sweep catches signals (start-up, validation) the JVM's default applies: 130, 143.
                List<Integer> expected = switch (kind) {
                    case "KILL" -> List.of(137);
                    case "INT" -> List.of(RunCommand.EXIT_INTERRUPTED, 130, 0, 2);
                    default -> List.of(RunCommand.EXIT_INTERRUPTED, 143, 0, 2);
                };
                if (!expected.contains(code)) {
                    t.badExits++;
                    t.failures.add(name + ": SIG" + kind + " gave exit " + code + ": " + tail(a.output()));
                }
                if (code == RunCommand.EXIT_INTERRUPTED && !LocalDrivers.stoppedQuietly(a.output())) {
                    t.noisy++;
                    t.failures.add(name + ": noisy stop: " + tail(a.output()));
                }
            } finally {
                Jvm.killTree(a.process().toHandle());
            }
        }
        LocalDrivers.Driver last = drivers.start(name + "-last.log", args);
        int code = last.await(300);
        if (code != 0) {
            t.badExits++;
            t.failures.add(name + ": the final driver exit " + code + ": " + tail(last.output()));
        }
        List<String> problems = drivers.problems(name, RUNS);
        List<String> ids = Results.runIds(drivers.folder(name), new org.apache.hadoop.conf.Configuration());
        long distinct = ids.stream().distinct().count();
        t.runs = (int) distinct;
        t.duplicates = ids.size() - (int) distinct;
        t.lost = RUNS - (int) distinct;
        if (problems.stream().anyMatch(p -> p.contains(" holds ") || p.contains("lock"))) {
            t.inconsistent++;
        }
        if (!problems.isEmpty()) {
            t.failures.add(name + " (seed " + seed + "): " + problems);
        }
        return t;
    }

    private static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
    }

    /** {@code n} schedules from {@code seed}, {@code parallel} folders at a time. */
    static Tally run(Path dir, int n, long seed, int parallel, PrintStream log) throws Exception {
        LocalDrivers drivers = new LocalDrivers(dir, FAST_START);
        Tally all = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    Tally t = schedule(drivers, "chaos" + k, seed + k);
                    all.add(t);
                    log.println("schedule " + k + ": kills " + (t.kill9 + t.sigint + t.sigterm) + ", refusals "
                            + t.refusals + ", runs " + t.runs + ", problems " + t.failures);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return all;
    }

    /** The benchmark: {@code Chaos [N [SEED [PARALLEL]]]}, defaults 200, 1, 2. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("reluspec-chaos");
        long t0 = System.nanoTime();
        Tally t = run(dir, n, seed, parallel, System.out);
        System.out.print(t.table());
        System.out.printf(Locale.ROOT, "%d schedules in %.0f s; folders and logs in %s%n", n,
                (System.nanoTime() - t0) * 1e-9, dir);
        t.failures.forEach(f -> System.out.println("failure: " + f));
        System.exit(t.failures.isEmpty() ? 0 : 1);
    }
}
