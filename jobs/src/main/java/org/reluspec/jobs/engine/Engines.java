package org.reluspec.jobs.engine;

import java.util.Optional;
import java.util.ServiceLoader;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.SpecException;

/** Finds engines by name: {@code native} is built in, the others are looked up on the classpath. */
public final class Engines {
    public static final String NATIVE = "native";

    private Engines() {
    }

    public static boolean available(String name) {
        return NATIVE.equals(name) || find(name).isPresent();
    }

    /**
     * {@code spec}, once its engine is known to be on the classpath: callers that resolve specs
     * from the user's input check here, before anything runs (the catalog cannot, as it sits below
     * the engines).
     */
    public static RunSpec requireAvailable(RunSpec spec) {
        String engine = spec.s("engine");
        if (!available(engine)) {
            throw new SpecException(missing(engine));
        }
        return spec;
    }

    /** Whether the engine of that name trains one run on the whole cluster ({@link ClusterEngine}). */
    public static boolean needsCluster(String name) {
        return !NATIVE.equals(name) && find(name).filter(e -> e instanceof ClusterEngine).isPresent();
    }

    /** The plug-in engine of that name; fails with {@link #missing(String)} when it is not on the classpath. */
    public static Engine require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(missing(name)));
    }

    /** What to do when a plug-in engine is missing. */
    public static String missing(String name) {
        // Every plug-in engine (dl4j, dl4j-spark) ships in the one optional module reluspec-dl4j.
        return "engine=" + name + " is not on the classpath: build it with `mvn -Pdl4j package` (or `mvn package` "
                + "in the reluspec-dl4j module) and add reluspec-dl4j-*-engine.jar to the classpath "
                + "(spark-submit --jars ...); see the README, section 'Deeplearning4j engine'";
    }

    private static Optional<Engine> find(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Optional<Engine> e = find(name, context);
        return e.isPresent() || context == Engines.class.getClassLoader()
                ? e : find(name, Engines.class.getClassLoader());
    }

    private static Optional<Engine> find(String name, ClassLoader loader) {
        for (Engine e : ServiceLoader.load(Engine.class, loader)) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
