package io.userstream.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SparkLaunchTest {

    /** The metrics namespace is "userstream" too: every driver metric of a starting job contains the word. */
    private static final Map<String, Double> DRIVER_ONLY = Map.of(
            "metrics_userstream_driver_BlockManager_memory_memUsed_MB_Value", 1.0,
            "metrics_userstream_driver_DAGScheduler_job_activeJobs_Value", 0.0);

    @Test
    void theJobIsReadyOnlyOnceItsOwnSourceSaysSo() {
        assertThat(SparkLaunch.jobReady(Map.of())).isFalse();
        assertThat(SparkLaunch.jobReady(DRIVER_ONLY)).isFalse();
        Map<String, Double> registered = new java.util.HashMap<>(DRIVER_ONLY);
        registered.put("metrics_userstream_driver_userstream_rowsWritten_Count", 0.0);
        registered.put("metrics_userstream_driver_userstream_ready_Value", 0.0);
        assertThat(SparkLaunch.jobReady(registered)).as("source registered, first trigger not done").isFalse();
        registered.put("metrics_userstream_driver_userstream_ready_Value", 1.0);
        assertThat(SparkLaunch.jobReady(registered)).isTrue();
    }

    @Test
    void aTuningRunsSparkConfigurationComesAfterTheDefaultsAndTheMasterOnlyOnce() {
        assertThat(SparkLaunch.tuning(Map.of())).isEmpty();
        assertThat(SparkLaunch.tuning(Map.of("spark.master", "local[1,4]", "spark.userstream.minPartitions", "6")))
                .containsExactly("-Dspark.userstream.minPartitions=6");
    }

    @Test
    void aMetricIsFoundByItsWholeNameNotAPartOfOne() {
        Map<String, Double> m = Map.of("metrics_userstream_driver_userstream_lag_total_Value", 7.0,
                "metrics_userstream_driver_userstream_rowsWritten_Count", 3.0);
        assertThat(PipelineProbe.metric(m, "lag_total")).isEqualTo(7.0);
        assertThat(PipelineProbe.metric(m, "rows")).isEqualTo(-1);
        assertThat(PipelineProbe.metric(m, "rowsWritten")).isEqualTo(3.0);
    }
}
