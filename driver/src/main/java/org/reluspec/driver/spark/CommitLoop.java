package org.reluspec.driver.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.RunRecord;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;
import org.reluspec.driver.progress.Progress;
import org.reluspec.driver.progress.RunOutcome;

/**
 * The driver's side of a running sweep job: takes each finished run's record as it arrives,
 * shows it, and commits them to the results folder in bounded batches (at most
 * {@code batchRuns}, at most {@code commitSeconds} after the oldest arrived), small commits
 * compacted as they pile up; stops on a signal, on fail-fast or after {@code stopAfterCommits},
 * committing what finished first.
 */
final class CommitLoop {
    private final SweepJob job;
    private final ResultsFolder folder;
    private final SparkSweep.Options o;
    private final Progress progress;
    private final StopSignal stop;
    private final Set<String> seen = new HashSet<>();
    private final List<RunRecord> buffer = new ArrayList<>();
    private int ok;
    private int diverged;
    private int failed;
    private int commits;
    private int committed;

    /** {@code stop} may be null. */
    CommitLoop(SweepJob job, ResultsFolder folder, SparkSweep.Options o, Progress progress, StopSignal stop) {
        this.job = job;
        this.folder = folder;
        this.o = o;
        this.progress = progress;
        this.stop = stop;
    }

    /** Runs until the job ends or is stopped; {@code start}: when the session began (System.nanoTime). */
    SparkSweep.Outcome run(long start) throws IOException {
        var queue = job.results();
        long oldest = 0;
        int done = 0;
        boolean interrupted = false;
        boolean failFast = false;
        String signal = null;
        progress.start(job.runs(), 0);
        while (true) {
            if (stop != null && stop.received() != null) {
                // Quiet from here: the cancelled tasks and the stopping context are expected, not errors.
                StopSignal.silenceLogging();
                signal = stop.received();
                job.cancel();
                interrupted = true;
                List<RunRecord> finished = new ArrayList<>();
                queue.drainTo(finished); // finished runs are committed, not lost
                for (RunRecord f : finished) {
                    if (seen.add(f.runId())) {
                        buffer.add(f);
                        count(f);
                    }
                }
                if (!buffer.isEmpty()) {
                    commitBuffer();
                }
                break;
            }
            RunRecord r;
            try {
                r = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (r != null && seen.add(r.runId())) {
                if (buffer.isEmpty()) {
                    oldest = System.nanoTime();
                }
                buffer.add(r);
                done++;
                count(r);
                progress.finished(outcome(r));
                progress.update(done, diverged, failed);
            }
            failFast = o.limits().maxFailures() > 0 && failed >= o.limits().maxFailures();
            boolean finished = job.isCompleted() && queue.isEmpty();
            boolean due = !buffer.isEmpty() && (finished || failFast || buffer.size() >= o.batchRuns()
                    || (System.nanoTime() - oldest) * 1e-9 >= o.commitSeconds());
            // A due batch waits for the records already queued, but never grows past batchRuns.
            if (due && (queue.isEmpty() || failFast || buffer.size() >= o.batchRuns())) {
                commitBuffer();
                folder.compact(o.compactFiles());
                if (o.stopAfterCommits() > 0 && commits >= o.stopAfterCommits()) {
                    job.cancel();
                    interrupted = true;
                    break;
                }
            }
            if (failFast && buffer.isEmpty() && !finished) {
                job.cancel();
                interrupted = true;
                break;
            }
            if (finished && buffer.isEmpty()) {
                failFast = false;
                break;
            }
        }
        progress.close();
        if (!interrupted) {
            folder.compact(2);
        }
        String jobError = interrupted ? null : job.failure();
        return new SparkSweep.Outcome(committed, ok, diverged, failed, commits, interrupted, jobError,
                (System.nanoTime() - start) * 1e-9, failFast, signal);
    }

    private void count(RunRecord r) {
        switch (r.status()) {
            case "ok" -> ok++;
            case "diverged" -> diverged++;
            default -> failed++;
        }
    }

    private void commitBuffer() throws IOException {
        folder.commit(buffer);
        commits++;
        committed += buffer.size();
        buffer.clear();
    }

    /** What progress shows of a finished run. */
    private static RunOutcome outcome(RunRecord r) {
        Table t = Schema.RUNS;
        int[] teacher = (int[]) r.run()[t.indexOf("teacher_nodes")];
        return new RunOutcome(r.status(), (Integer) r.run()[t.indexOf("covered_eval_095")],
                teacher == null || teacher.length == 0 ? 0 : teacher[0],
                (Double) r.run()[t.indexOf("final_eval_loss")]);
    }
}
