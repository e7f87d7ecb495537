package org.reluspec.driver.cli;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration of the output file system, before Spark starts: the defaults on the
 * classpath (HADOOP_CONF_DIR under spark-submit), plus every {@code spark.hadoop.*} setting
 * given as a system property or with --conf, as Spark itself would do.
 */
public final class HadoopConf {
    private HadoopConf() {
    }

    public static Configuration of(Map<String, String> sparkConf) {
        Configuration c = new Configuration();
        System.getProperties().forEach((k, v) -> copy(c, k.toString(), v.toString()));
        sparkConf.forEach((k, v) -> copy(c, k, v));
        return c;
    }

    private static void copy(Configuration c, String key, String value) {
        if (key.startsWith("spark.hadoop.")) {
            c.set(key.substring("spark.hadoop.".length()), value);
        }
    }
}
