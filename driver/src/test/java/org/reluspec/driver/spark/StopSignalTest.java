package org.reluspec.driver.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

class StopSignalTest {
    /**
     * The logging of bin/sweep (conf/log4j2.properties) names Spark's Utils and TaskSetManager with
     * levels of their own, which the root's level does not reach: a stopped sweep printed their
     * "Lost task ... TaskKilled" and a task's NullPointerException trace (the 200-schedule chaos
     * benchmark). After silenceLogging no logger of that configuration prints anything.
     */
    @Test
    void silencingTurnsOffTheLoggersTheConfigurationNamesNotOnlyTheRoot() throws Exception {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        URI tests = StopSignalTest.class.getResource("/log4j2-test.properties").toURI();
        ctx.setConfigLocation(Path.of("../conf/log4j2.properties").toAbsolutePath().toUri());
        try {
            String utils = "org.apache.spark.util.Utils";
            String scheduler = "org.apache.spark.scheduler.TaskSetManager";
            assertTrue(LogManager.getLogger(utils).isEnabled(Level.ERROR), "bin/sweep's logging prints Utils' errors");
            assertTrue(LogManager.getLogger(scheduler).isEnabled(Level.WARN), "and TaskSetManager's warnings");
            StopSignal.silenceLogging();
            for (String name : new String[] {utils, scheduler, "org.apache.spark.executor.Executor", "org.apache.parquet",
                    LogManager.ROOT_LOGGER_NAME}) {
                assertFalse(LogManager.getLogger(name).isEnabled(Level.FATAL), name + " still prints");
            }
        } finally {
            ctx.setConfigLocation(tests);
        }
    }
}
