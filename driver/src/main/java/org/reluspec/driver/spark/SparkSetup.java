package org.reluspec.driver.spark;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.reluspec.driver.UserError;
import org.reluspec.jobs.params.RunSpec;

/**
 * The Spark configuration of a sweep and its context: the command line's {@code --master} and
 * {@code --conf} checked and merged over spark-defaults, then repaired where Spark's defaults do
 * not suit a sweep (local mode retries tasks, executors get the code's jars and the JVM flags, a
 * local driver stays on the loopback interface).
 */
public final class SparkSetup {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)\\])?");
    private static final Pattern LOCAL_F = Pattern.compile("local\\[(\\*|\\d+),\\s*(\\d+)\\]");
    private static final Pattern MASTER = Pattern.compile("local(\\[(\\*|\\d+)(,\\s*\\d+)?\\])?"
            + "|local-cluster\\[\\d+,\\s*\\d+,\\s*\\d+\\]|(spark|k8s|mesos)://\\S+|yarn");

    private SparkSetup() {
    }

    /** The Spark configuration of a sweep; also used by tests and the benchmark. */
    public static SparkConf sparkConf(String appName, SparkSweep.Options o) {
        SparkConf conf = new SparkConf(true);
        conf.setIfMissing("spark.app.name", appName);
        if (o.master() != null) {
            conf.setMaster(o.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        o.conf().forEach(conf::set);
        int failures = conf.getInt("spark.task.maxFailures", 4);
        String master = conf.get("spark.master");
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            // Plain local mode never retries a task; local[N,F] does, F attempts.
            conf.setMaster("local[" + (local.group(1) == null ? "1" : local.group(1)) + "," + failures + "]");
        }
        boolean isLocal = conf.get("spark.master").startsWith("local");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.driver.maxResultSize", "0");
        conf.setIfMissing("spark.task.maxFailures", String.valueOf(failures));
        if (!isLocal && !conf.contains("spark.jars")) {
            List<String> jars = codeJars();
            if (!jars.isEmpty()) {
                conf.set("spark.jars", String.join(",", jars));
            }
        }
        String flags = JvmFlags.line();
        String extra = conf.get("spark.executor.extraJavaOptions", "");
        if (!extra.contains("jdk.incubator.vector") || !extra.contains("--add-opens=java.base/java.lang=")) {
            conf.set("spark.executor.extraJavaOptions", (extra + " " + flags).trim());
        }
        return isLocal ? LoopbackConf.of(conf) : conf;
    }

    /** A master URL that Spark knows, else a user error (checked before anything is written). */
    public static void checkMaster(String master) {
        if (master != null && !MASTER.matcher(master.trim()).matches()) {
            throw new UserError("Spark master '" + master + "': expected local[*], local[N], "
                    + "spark://HOST:PORT, yarn, k8s://https://HOST:PORT or local-cluster[N,CORES,MB]");
        }
    }

    /** {@code k=v} strings of --conf into a map (later ones win). */
    public static Map<String, String> parseConf(List<String> items) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : items) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--conf " + kv + ": expected key=value");
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }

    /** Attempts a task gets: F of local[N,F], else spark.task.maxFailures. */
    static int maxAttempts(SparkConf conf) {
        Matcher m = LOCAL_F.matcher(conf.get("spark.master"));
        if (m.matches()) {
            return Integer.parseInt(m.group(2));
        }
        return conf.getInt("spark.task.maxFailures", 4);
    }

    /** The jars holding the driver's and the engine's classes (executors need both). */
    static List<String> codeJars() {
        List<String> out = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>(List.of(SparkSweep.class, RunSpec.class));
        // Plug-in engines (engine=dl4j) found on this classpath travel to the executors too.
        java.util.ServiceLoader.load(org.reluspec.jobs.engine.Engine.class).stream()
                .forEach(provider -> classes.add(provider.type()));
        for (Class<?> c : classes) {
            try {
                File f = new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (f.isFile() && !out.contains(f.getAbsolutePath())) {
                    out.add(f.getAbsolutePath());
                }
            } catch (Exception e) {
                // Not from a jar (e.g. classes folders in an IDE): local mode only.
            }
        }
        return out;
    }
}
