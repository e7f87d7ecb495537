package org.reluspec.dl4j;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process Spark of {@code slots} task slots on the loopback interface, started before a
 * test class and stopped after it, for the cluster engine's tests:
 * {@code @RegisterExtension static final LocalSpark SPARK = new LocalSpark(2);}.
 */
final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
    private final int slots;
    private SparkContext context;

    LocalSpark(int slots) {
        this.slots = slots;
    }

    SparkContext context() {
        return context;
    }

    @Override
    public void beforeAll(ExtensionContext unused) {
        SparkConf conf = new SparkConf().setMaster("local[" + slots + "]").setAppName("reluspec-dl4j-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        context = SparkContext.getOrCreate(conf);
        context.setLogLevel("WARN");
    }

    @Override
    public void afterAll(ExtensionContext unused) {
        context.stop();
    }
}
