package org.reluspec.driver.spark;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reluspec.driver.UserError;
import org.reluspec.jobs.params.Params;
import org.reluspec.jobs.params.RunSpec;

/**
 * Test-only fault injection: {@code --conf spark.reluspec.test.fault=KEY=VALUE[:N]} makes every
 * run whose parameter KEY equals VALUE throw in its first N task attempts (all attempts without
 * N). Used to test Spark's retries and the recording of failed runs; never set in production.
 */
public record FaultHook(String key, String value, int attempts) implements Serializable {
    public static final String CONF = "spark.reluspec.test.fault";
    /** The system property that lets the hook be set at all (the tests set it; users never need it). */
    public static final String ENABLE_PROPERTY = "reluspec.test.faults";
    private static final Pattern FORMAT = Pattern.compile("([A-Za-z_]+)=([^:]+)(?::(\\d+))?");

    /** Null when {@code text} is null or empty. */
    public static FaultHook parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!Boolean.getBoolean(ENABLE_PROPERTY)) {
            throw new UserError(CONF + " is a test-only setting (fault injection); remove it from --conf"
                    + " and conf/spark-defaults.conf");
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches() || !Params.exists(m.group(1))) {
            throw new UserError(CONF + "=" + text + ": expected KEY=VALUE or KEY=VALUE:ATTEMPTS with a parameter KEY");
        }
        return new FaultHook(m.group(1), m.group(2), m.group(3) == null ? Integer.MAX_VALUE : Integer.parseInt(m.group(3)));
    }

    /** Throws when this run and attempt are to fail. */
    public void maybeFail(RunSpec spec, int attempt) {
        Object v = spec.values().get(key);
        if (v != null && Params.get(key).canonical(v).equals(Params.get(key).canonical(Params.get(key).parse(value)))
                && attempt < attempts) {
            throw new InjectedFault("injected test fault (" + CONF + "=" + key + "=" + value
                    + ") in run " + spec.runId() + ", attempt " + attempt);
        }
    }

    /** The exception thrown by the hook. */
    public static final class InjectedFault extends RuntimeException {
        public InjectedFault(String message) {
            super(message);
        }
    }
}
