package org.reluspec.driver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Spark standalone cluster on 127.0.0.1: a Master and {@code n} Workers (1 core each) as
 * separate JVMs, from the Maven jars of the test classpath. {@code SPARK_HOME} is a folder of the
 * test whose {@code jars/} links those jars (what the Worker puts on its executors' classpath);
 * the project's code reaches executors through spark.jars, as with bin/sweep. Every temporary
 * file stays under the test's folder. Public for the dl4j module's tests (the driver's test-jar). {@link #close} kills the JVMs it started, and only those.
 */
public final class StandaloneCluster implements AutoCloseable {
    public final Path dir;
    final Path sparkHome;
    final int port;
    final int webPort;
    private Process master;
    final List<Process> workers = new ArrayList<>();

    private StandaloneCluster(Path dir) {
        this.dir = dir;
        this.sparkHome = dir.resolve("spark-home");
        this.port = Jvm.freePort();
        this.webPort = Jvm.freePort();
    }

    public String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** The environment of every JVM of the cluster (and of drivers run against it). */
    public Map<String, String> env() {
        return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_LOCAL_DIRS", dir.resolve("local").toString(),
                "SPARK_LOG_DIR", dir.resolve("logs").toString());
    }

    public static StandaloneCluster start(Path dir, int workers) throws Exception {
        StandaloneCluster c = new StandaloneCluster(dir);
        try {
            c.startAll(workers);
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void startAll(int n) throws Exception {
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        for (Path j : Jvm.libraryJars()) {
            Path link = jars.resolve(j.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, j);
            }
        }
        Files.createDirectories(dir.resolve("local"));
        Files.createDirectories(dir.resolve("logs"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<Path> cp = List.of(jars.resolve("*"));
        List<String> jvm = List.of("-Xmx256m", "-Djava.io.tmpdir=" + tmp);
        master = Jvm.start(cp, jvm, "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(webPort)),
                env(), dir.resolve("logs/master.log"));
        waitFor(() -> state().isPresent(), 60, "the Master at " + url() + " (log: " + dir.resolve("logs/master.log") + ")");
        for (int i = 0; i < n; i++) {
            Path work = Files.createDirectories(dir.resolve("work-" + i));
            workers.add(Jvm.start(cp, jvm, "org.apache.spark.deploy.worker.Worker",
                    List.of("--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", "0",
                            "--work-dir", work.toString(), url()),
                    env(), dir.resolve("logs/worker-" + i + ".log")));
        }
        waitFor(() -> state().map(s -> s.path("aliveworkers").asInt()).orElse(0) == n, 60,
                n + " Workers registered with the Master (logs in " + dir.resolve("logs") + ")");
    }

    /** The Master's state (its web UI's JSON), empty while it does not answer. */
    Optional<JsonNode> state() {
        return json("http://127.0.0.1:" + webPort + "/json/");
    }

    static Optional<JsonNode> json(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            try (InputStream in = c.getInputStream()) {
                return Optional.of(new ObjectMapper().readTree(in));
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The executor JVMs the Workers run now (CoarseGrainedExecutorBackend children). */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            w.toHandle().children().filter(h -> h.info().commandLine().orElse("")
                    .contains("CoarseGrainedExecutorBackend")).forEach(out::add);
        }
        return out;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check, double seconds, String what) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        for (Process w : workers) {
            Jvm.killTree(w.toHandle());
        }
        if (master != null) {
            Jvm.killTree(master.toHandle());
        }
    }
}
