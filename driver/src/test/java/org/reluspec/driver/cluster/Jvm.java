package org.reluspec.driver.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.reluspec.driver.spark.JvmFlags;
import org.reluspec.driver.spark.SparkSweep;
import org.reluspec.jobs.params.RunSpec;

/**
 * Separate JVMs of the tests, launched from the test's own classpath: the libraries (Spark,
 * Hadoop, ...) as jars, and the project's code as jars too (built from the classes folders when
 * the tests run before packaging), the way bin/sweep and a cluster see them.
 */
public final class Jvm {
    /** Flags every JVM that runs Spark and the engine needs (the parent pom's, through the driver's resource). */
    static final List<String> FLAGS = Stream.concat(Stream.of("-Xss4m"), JvmFlags.list().stream()).toList();

    /** Test-only libraries that a cluster would not have. */
    private static final List<String> TEST_ONLY = List.of("hadoop-client-minicluster", "junit-", "opentest4j",
            "apiguardian", "surefire", "reluspec-");

    private Jvm() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The library jars of the test classpath (no project code, no test-only libraries). */
    public static List<Path> libraryJars() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String n = p.getFileName().toString();
            if (n.endsWith(".jar") && Files.isRegularFile(p) && TEST_ONLY.stream().noneMatch(n::startsWith)) {
                out.add(p.toAbsolutePath());
            }
        }
        return out;
    }

    /**
     * Jars of the driver's and the engine's classes, and of the plug-in engines on the classpath
     * (the dl4j module's engines in its tests), made from the classes folders if need be.
     */
    public static List<Path> projectJars(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>(List.of(SparkSweep.class, RunSpec.class));
        java.util.ServiceLoader.load(org.reluspec.jobs.engine.Engine.class).stream()
                .forEach(provider -> classes.add(provider.type()));
        List<Path> seen = new ArrayList<>();
        for (Class<?> c : classes) {
            Path loc;
            try {
                loc = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (seen.contains(loc)) {
                continue; // several engines of one module
            }
            seen.add(loc);
            if (Files.isRegularFile(loc)) {
                out.add(loc);
            } else {
                Path jar = dir.resolve(c.getPackageName().split("\\.")[2] + ".jar");
                jarOf(loc, jar);
                out.add(jar);
            }
        }
        return out;
    }

    private static void jarOf(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                o.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, o);
                o.closeEntry();
            }
        }
    }

    /** A free TCP port on the loopback interface (free when asked). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code java FLAGS jvmArgs -cp classpath main args}, stdout and stderr to {@code log}. */
    public static Process start(List<Path> classpath, List<String> jvmArgs, String main, List<String> args,
                         Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(FLAGS);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        cmd.add(main);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Kills a process and everything it started (SIGKILL), and waits for them to be gone. */
    public static void killTree(ProcessHandle p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(0, p);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone or stuck: nothing more we may do
            }
        }
    }

    public static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
