package org.reluspec.driver.spark;

import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * Everything that keeps a local-mode sweep on the loopback interface, in one place:
 * <ul>
 * <li>the driver's address and bind address (127.0.0.1 unless set);</li>
 * <li>the UI: Spark binds it to {@code SPARK_LOCAL_IP} from the environment, else to every
 * interface (0.0.0.0), whatever spark.driver.bindAddress says; this configuration answers
 * 127.0.0.1 for that variable when it is unset, however the driver is launched (spark-submit
 * of the jar, an IDE, tests);</li>
 * <li>Spark's own host lookup reads {@code SPARK_LOCAL_IP} from the process environment before any
 * configuration (and warns when the host name resolves to a loopback address): that part can
 * only be set before the JVM starts, so bin/sweep exports it for a local master.</li>
 * </ul>
 */
final class LoopbackConf extends SparkConf {
    private static final long serialVersionUID = 1L;
    private static final String LOOPBACK = "127.0.0.1";

    private LoopbackConf() {
        super(false);
    }

    /** {@code conf} of a local master, kept on the loopback interface unless it says otherwise. */
    static LoopbackConf of(SparkConf conf) {
        conf.setIfMissing("spark.driver.host", LOOPBACK);
        conf.setIfMissing("spark.driver.bindAddress", LOOPBACK);
        return copyOf(conf);
    }

    private static LoopbackConf copyOf(SparkConf conf) {
        LoopbackConf c = new LoopbackConf();
        for (Tuple2<String, String> kv : conf.getAll()) {
            c.set(kv._1(), kv._2());
        }
        return c;
    }

    @Override
    public String getenv(String name) {
        String v = super.getenv(name);
        return v == null && "SPARK_LOCAL_IP".equals(name) ? LOOPBACK : v;
    }

    /** SparkContext works on a clone of its configuration: keep the override. */
    @Override
    public LoopbackConf clone() {
        return copyOf(this);
    }
}
