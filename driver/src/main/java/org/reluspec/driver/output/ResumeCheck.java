package org.reluspec.driver.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.reluspec.driver.UserError;

/**
 * Whether a results folder may be written by this sweep, read only and before anything runs: it
 * is absent, empty, or holds this very sweep (same resolved spec, same schema version) and
 * nothing foreign; what no crash can leave ({@link CommitLayout}) and files that are not this
 * schema's Parquet are refused, naming them.
 */
final class ResumeCheck {
    private static final Set<String> DATASETS = Set.of("runs", "nodes", "epochs", "students");

    private final FolderContents folder;
    private final Path root;

    ResumeCheck(FolderContents folder) {
        this.folder = folder;
        this.root = folder.root;
    }

    /** The run_ids already committed; {@code expectedSpecBody} null: any grid of this schema version. */
    Set<String> check(String expectedSpecBody) {
        var fs = folder.fs;
        try {
            Path parent = root.getParent();
            if (parent != null && fs.exists(parent) && !fs.getFileStatus(parent).isDirectory()) {
                throw new UserError("output path " + parent + " is a file, not a folder; choose another --out");
            }
            if (!fs.exists(root)) {
                return Set.of();
            }
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new UserError("results folder " + root + " is a file, not a folder; choose another --out");
            }
            List<String> foreign = new ArrayList<>();
            boolean hasSpec = false;
            boolean hasOther = false;
            for (FileStatus st : fs.listStatus(root)) {
                String n = st.getPath().getName();
                if (n.equals(ResultsFolder.SPEC_FILE) && st.isFile()) {
                    hasSpec = true;
                } else if (n.equals(FolderContents.TMP) && st.isDirectory() && fs.exists(folder.pendingSpec())) {
                    hasSpec = true;
                } else if (n.startsWith(FolderLock.FILE) && st.isFile()) {
                    continue; // the lock of a driver writing the folder (or of one that is gone)
                } else if ((DATASETS.contains(n) || n.equals(ResultsFolder.COMPLEXITY)) && st.isDirectory()) {
                    hasOther = true;
                } else if (n.equals(FolderContents.TMP) && st.isDirectory()) {
                    continue; // a driver stopped before sweep.yaml was in place leaves only this (and its lock)
                } else if (!isChecksum(n)) {
                    foreign.add(n);
                }
            }
            if (!foreign.isEmpty()) {
                throw foreign(foreign);
            }
            if (!hasSpec) {
                if (hasOther) {
                    throw new UserError("results folder " + root + " has result folders but no " + ResultsFolder.SPEC_FILE
                            + ": it was not written by a complete reluspec sweep; move it away or choose another --out");
                }
                return Set.of();
            }
            checkSpec(expectedSpecBody);
            for (String d : DATASETS) {
                Path dir = new Path(root, d);
                if (!fs.exists(dir)) {
                    continue;
                }
                for (FileStatus st : fs.listStatus(dir)) {
                    String n = st.getPath().getName();
                    if (!(st.isFile() && CommitLayout.PART.matcher(n).matches()) && !isChecksum(n)) {
                        foreign.add(d + "/" + n);
                    }
                }
            }
            if (!foreign.isEmpty()) {
                throw foreign(foreign);
            }
            CommitLayout layout = folder.layout();
            if (!layout.problems.isEmpty()) {
                throw new UserError("results folder " + root + ": " + layout.problems.get(0)
                        + (layout.problems.size() > 1 ? " (and " + (layout.problems.size() - 1) + " more such files)" : ""));
            }
            for (Table t : Schema.ALL) {
                for (Path p : folder.validFiles(t)) {
                    checkFooter(t, p);
                }
            }
            return folder.committedRunIds();
        } catch (IOException e) {
            throw new UserError("cannot read results folder " + root + ": " + e.getMessage());
        }
    }

    private UserError foreign(List<String> names) {
        return new UserError("results folder " + root + " holds files that a reluspec sweep did not write: "
                + String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? " ..." : "") + "; move them away or choose another --out");
    }

    private static boolean isChecksum(String n) {
        return n.startsWith(".") && n.endsWith(".crc");
    }

    private void checkSpec(String expectedBody) throws IOException {
        String existing = folder.readSpec();
        String version = firstValue(existing, "schema_version");
        if (!String.valueOf(org.reluspec.driver.sweep.SweepSpec.FORMAT_VERSION).equals(version)) {
            throw new UserError("results folder " + root + " was written with schema version " + version
                    + "; this program writes version " + org.reluspec.driver.sweep.SweepSpec.FORMAT_VERSION
                    + ". Choose another --out or another --name");
        }
        if (expectedBody == null) {
            return;
        }
        String body = body(existing);
        if (!body.equals(expectedBody)) {
            List<String> a = body.lines().toList();
            List<String> b = expectedBody.lines().toList();
            int i = 0;
            while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
                i++;
            }
            String was = i < a.size() ? a.get(i).trim() : "(nothing)";
            String now = i < b.size() ? b.get(i).trim() : "(nothing)";
            throw new UserError("results folder " + root + " holds another sweep under the name '"
                    + root.getName() + "' (its " + ResultsFolder.SPEC_FILE + " has '" + was + "' where this sweep has '"
                    + now + "'). Resume only with the same grid; otherwise choose another --out or another name:");
        }
    }

    /** The identifying part of a spec file: no comments; of a sweep's file, the latest grid (not the history). */
    static String body(String yaml) {
        StringBuilder b = new StringBuilder();
        yaml.lines().takeWhile(l -> !l.equals("history:")).filter(l -> !l.startsWith("#"))
                .forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static String firstValue(String yaml, String key) {
        return yaml.lines().filter(l -> l.startsWith(key + ":")).map(l -> l.substring(key.length() + 1).trim())
                .findFirst().orElse("(none)");
    }

    /** A committed file must be Parquet with the table's schema (reads the footer only). */
    private void checkFooter(Table t, Path p) {
        String problem;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, folder.conf))) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            if (ParquetIO.olderOrSame(schema, t)) {
                return;
            }
            problem = "its columns are not those of this schema version";
        } catch (IOException | RuntimeException e) {
            problem = "corrupt or not written by reluspec: " + FolderContents.firstLine(e);
        }
        throw new UserError("results folder " + root + ": cannot read " + t.name() + "/" + p.getName()
                + " (" + problem + "); move it away or choose another --out");
    }
}
