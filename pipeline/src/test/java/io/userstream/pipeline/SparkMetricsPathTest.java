package io.userstream.pipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-machine pipeline scrapes the job where the job serves its metrics: the servlet path of
 * spark-app's spark-metrics.properties (its owner; this module runs the job from its build output
 * and does not have it on the classpath).
 */
class SparkMetricsPathTest {

    @Test
    void theScrapePathIsTheJobsServletPath() throws IOException {
        Properties job = new Properties();
        try (Reader in = Files.newBufferedReader(RepoLayout.find().root()
                .resolve("spark-app/src/main/resources/io/userstream/spark/spark-metrics.properties"))) {
            job.load(in);
        }
        assertThat(ServiceAddresses.SPARK_METRICS_PATH)
                .isEqualTo(job.getProperty("spark.metrics.conf.*.sink.prometheusServlet.path") + "/");
    }
}
