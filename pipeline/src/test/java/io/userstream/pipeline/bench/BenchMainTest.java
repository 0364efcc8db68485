package io.userstream.pipeline.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchMainTest {

    @Test
    void unsetTuningVariablesLeaveTheJobAsMakeRunRunsIt() {
        assertThat(BenchMain.pairs("BENCH_SPARK_ENV", null)).isEmpty();
        assertThat(BenchMain.sparkConf(null, null)).isEmpty();
        assertThat(BenchMain.sparkConf(" ", "")).isEmpty();
    }

    @Test
    void theMasterHasItsOwnVariableBecauseItHoldsAComma() {
        assertThat(BenchMain.sparkConf("spark.userstream.minPartitions=6, spark.sql.shuffle.partitions=4", "local[1,4]"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("spark.userstream.minPartitions", "6",
                        "spark.sql.shuffle.partitions", "4", "spark.master", "local[1,4]"));
    }

    @Test
    void aMalformedTuningVariableFailsNamingIt() {
        assertThatThrownBy(() -> BenchMain.sparkConf("minPartitions=6", null)).hasMessageContaining("BENCH_SPARK_CONF")
                .hasMessageContaining("minPartitions");
        assertThatThrownBy(() -> BenchMain.pairs("BENCH_SPARK_ENV", "CASSANDRA_BATCH_SIZE_ROWS")).hasMessageContaining("BENCH_SPARK_ENV");
    }
}
