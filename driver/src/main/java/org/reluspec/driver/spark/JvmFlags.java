package org.reluspec.driver.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The flags every JVM that runs Spark and the engine needs on Java 17 (the Vector API module,
 * the {@code --add-opens} that Spark needs), defined once in the parent pom ({@code vector.module},
 * {@code java17.opens}) and written at build time into the Java argument file
 * {@value #RESOURCE} (in the jar and in driver/target/classes). bin/sweep passes that file to
 * {@code java @FILE}; executors get the flags from here through spark.executor.extraJavaOptions.
 */
public final class JvmFlags {
    /** The argument file, at the root of the classpath. */
    public static final String RESOURCE = "reluspec-jvm.args";

    private JvmFlags() {
    }

    /** The flags, one per element. */
    public static List<String> list() {
        return List.of(line().split(" "));
    }

    /** The flags on one line, separated by single spaces. */
    public static String line() {
        try (InputStream in = JvmFlags.class.getResourceAsStream("/" + RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: build the driver with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
