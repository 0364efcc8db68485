package io.userstream.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up runs the real transformation on its two records: the valid one becomes a row, the other a reject. */
class WarmupTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestSpark.session("warmup-test");
    }

    @AfterAll
    static void stop() {
        TestSpark.stop(spark);
    }

    @Test
    void theWarmUpRecordPassesTheContractAndBecomesOneRow() {
        assertThat(Warmup.run(spark)).isEqualTo(1);
    }
}
