package org.reluspec.jobs.params;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The two experiments of the reference code. The name is the value users write for {@code experiment}. */
public enum Experiment {
    TWO_LAYER("two_layer"),
    MULTI_LAYER("multi_layer");

    private final String key;

    Experiment(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Experiment fromKey(String key) {
        for (Experiment e : values()) {
            if (e.key.equals(key) || e.key.replace('_', '-').equals(key)) {
                return e;
            }
        }
        throw new SpecException("experiment", key, "one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Experiment::key).collect(Collectors.joining(", "));
    }
}
