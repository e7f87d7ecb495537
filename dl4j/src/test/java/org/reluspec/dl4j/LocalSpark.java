package org.reluspec.dl4j;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/** An in-process Spark of {@code slots} task slots on the loopback interface, for the cluster engine's tests. */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkContext start(int slots) {
        SparkConf conf = new SparkConf().setMaster("local[" + slots + "]").setAppName("reluspec-dl4j-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        SparkContext sc = SparkContext.getOrCreate(conf);
        sc.setLogLevel("WARN");
        return sc;
    }
}
