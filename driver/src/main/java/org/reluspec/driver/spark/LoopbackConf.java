package org.reluspec.driver.spark;

import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The Spark configuration of a local-mode sweep: Spark binds its UI to {@code SPARK_LOCAL_IP}
 * from the environment, else to every interface (0.0.0.0), whatever spark.driver.bindAddress
 * says. bin/sweep sets the variable; this keeps the UI on the loopback interface however the
 * driver is launched (spark-submit of the jar, an IDE, tests), unless SPARK_LOCAL_IP says otherwise.
 */
final class LoopbackConf extends SparkConf {
    private static final long serialVersionUID = 1L;

    private LoopbackConf() {
        super(false);
    }

    static LoopbackConf copyOf(SparkConf conf) {
        LoopbackConf c = new LoopbackConf();
        for (Tuple2<String, String> kv : conf.getAll()) {
            c.set(kv._1(), kv._2());
        }
        return c;
    }

    @Override
    public String getenv(String name) {
        String v = super.getenv(name);
        return v == null && "SPARK_LOCAL_IP".equals(name) ? "127.0.0.1" : v;
    }

    /** SparkContext works on a clone of its configuration: keep the override. */
    @Override
    public LoopbackConf clone() {
        return copyOf(this);
    }
}
