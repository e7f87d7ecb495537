package org.reluspec.driver.output;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.reluspec.driver.UserError;

/**
 * The results folder {@code OUT/<sweep-name>/} of one sweep, on any Hadoop file system:
 *
 * <pre>
 * sweep.yaml                      the resolved sweep spec (written first)
 * runs/part-FFFFFF-LLLLLL-W.parquet one file per dataset and commit; F..L = commit numbers it
 *                                 holds, W = the writer's token (absent in older folders)
 * nodes/ epochs/ students/        the same file names
 * _tmp/                           files being written (ignored by Spark readers: leading '_')
 * _lock                           the lock of the driver writing the folder ({@link FolderLock})
 * </pre>
 *
 * A commit writes its files under {@code _tmp}, renames them into place, the {@code runs} file
 * last: a run is committed exactly when a runs file holding it is in place. What a crash leaves
 * is told apart from what no crash can leave by {@link CommitLayout}: the first is ignored by
 * {@link #validFiles} and deleted by {@link #prepare}, the second refused by {@link #check}.
 * One driver writes a folder at a time ({@link #prepare} takes its lock; {@link #release}).
 * The work is split three ways: what is there ({@link FolderContents}), whether it may be resumed
 * ({@link ResumeCheck}) and the writer ({@link FolderWriter}).
 */
public final class ResultsFolder {
    public static final String SPEC_FILE = "sweep.yaml";
    /** Folder of the sample-complexity tables (derived from the committed runs, rewritten whole). */
    public static final String COMPLEXITY = "complexity";

    private final FolderContents contents;
    private final FolderWriter writer;

    private ResultsFolder(Configuration conf, FileSystem fs, Path root) {
        this.contents = new FolderContents(conf, fs, root);
        this.writer = new FolderWriter(contents);
    }

    /** {@code out} is a folder or URI (file://, hdfs://, s3a://); the sweep goes in out/name. */
    public static ResultsFolder open(String out, String name, Configuration conf) {
        if (out == null || out.isBlank()) {
            throw new UserError("--out is empty: give the folder (or URI) that results go into, e.g. --out results");
        }
        return at(new Path(new Path(out), name).toString(), conf);
    }

    /** The results folder at {@code dir} itself (for show). */
    public static ResultsFolder at(String dir, Configuration conf) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(conf);
            return new ResultsFolder(conf, fs, fs.makeQualified(p));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("output path " + dir + ": " + e.getMessage());
        }
    }

    public Path root() {
        return contents.root;
    }

    public Configuration conf() {
        return contents.conf;
    }

    public boolean exists() throws IOException {
        return contents.fs.exists(contents.root);
    }

    /**
     * Read-only checks before anything runs: the folder is absent, empty, or holds this very
     * sweep (same resolved spec, same schema version) and nothing foreign. Returns the run_ids
     * already committed.
     */
    public Set<String> check(String expectedSpecBody) {
        return new ResumeCheck(contents).check(expectedSpecBody);
    }

    /** Who writes the folder now ("host H, pid P, since ..."), or null when no live driver does. */
    public String writer() {
        FolderLock.Holder h = FolderLock.holder(contents.fs, contents.root);
        return h == null ? null : h.describe();
    }

    /**
     * Refuses a folder that a live driver is writing (naming it), for a command about to write:
     * what it would read there may be mid-commit or mid-compaction.
     */
    public void refuseIfBusy() {
        FolderLock.Holder h = FolderLock.holder(contents.fs, contents.root);
        if (h != null) {
            throw FolderLock.busy(contents.root, h);
        }
    }

    /** Whether the folder has its sweep.yaml (or one being replaced). */
    public boolean hasSpec() throws IOException {
        return contents.hasSpec();
    }

    /** The text of sweep.yaml. */
    public String readSpec() throws IOException {
        return contents.readSpec();
    }

    /** When sweep.yaml was last written (UTC, ISO-8601 to the second). */
    public String specTime() throws IOException {
        return contents.specTime();
    }

    /**
     * Creates the folder, writes sweep.yaml (if absent or different) and removes what an interrupted commit or
     * compaction left. Returns the number of leftover files removed.
     */
    public int prepare(String specYaml) {
        return prepare(specYaml, line -> { });
    }

    /**
     * Takes the folder's lock (see {@link FolderLock}; {@code notes} hears of a stale lock taken
     * over), creates the folder and sweep.yaml (if absent) and removes what an interrupted commit
     * or compaction left, and only that (see {@link CommitLayout}). Returns the number of files removed.
     */
    public int prepare(String specYaml, java.util.function.Consumer<String> notes) {
        return writer.prepare(specYaml, notes);
    }

    /** Gives the folder's lock back (taken by {@link #prepare}); harmless when not held. */
    public void release() {
        writer.release();
    }

    /** Run ids in the valid runs files. */
    public Set<String> committedRunIds() throws IOException {
        return contents.committedRunIds();
    }

    /** The committed files of a dataset, in commit order. */
    public List<Path> validFiles(Table t) throws IOException {
        return contents.validFiles(t);
    }

    /** Commits a batch of runs atomically (see the class comment). Returns the commit number. */
    public int commit(List<RunRecord> batch) throws IOException {
        return writer.commit(batch);
    }

    /**
     * Merges the single-commit files into one file per dataset once there are at least
     * {@code minFiles} of them; crash-safe like a commit. Returns the number merged (0: none).
     */
    public int compact(int minFiles) throws IOException {
        return writer.compact(minFiles);
    }

    /** Run ids of the committed runs whose status is failed. */
    public Set<String> failedRunIds() throws IOException {
        return contents.failedRunIds();
    }

    /**
     * Removes committed runs (every dataset's rows of them), e.g. failed runs about to run again,
     * crash-safe like a compaction. Returns the number of runs removed.
     */
    public int dropRuns(Set<String> runIds) throws IOException {
        return writer.dropRuns(runIds);
    }

    /** Replaces the table {@code complexity/<name>} with {@code rows} (one file, renamed into place). */
    public void replaceComplexityTable(Table t, List<Object[]> rows) throws IOException {
        writer.replaceComplexityTable(t, rows);
    }
}
