package io.userstream.spark;

import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.localstack.CassandraNode;
import io.userstream.localstack.KafkaNode;
import io.userstream.localstack.junit.LocalStackTest;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.userstream.spark.StreamTestSupport.awaitProcessed;
import static io.userstream.spark.StreamTestSupport.createTopic;
import static io.userstream.spark.StreamTestSupport.send;
import static io.userstream.spark.TestUsers.json;
import static io.userstream.spark.TestUsers.sub;
import static io.userstream.spark.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A number in CASSANDRA_BATCH_SIZE_ROWS never builds a batch over Cassandra's batch_size_fail_threshold
 * (50 KiB here, Cassandra's default), whatever the size of the records: large users (20 KB each, far
 * below the ingest service's 1 MB limit) and large invalid records, written by the job with
 * CASSANDRA_BATCH_SIZE_ROWS=10 (batches of 10 such rows, 200 KB, were rejected by Cassandra before,
 * and the query failed on every replay).
 */
@LocalStackTest
class BatchBoundIT {

    static final Duration WAIT = Duration.ofMinutes(3);
    static final int LARGE = 20_000;

    static SparkSession spark;
    static String bootstrap;
    static String contactPoint;

    @BeforeAll
    static void startSpark(KafkaNode kafka, CassandraNode cassandra) {
        bootstrap = kafka.bootstrapServers();
        contactPoint = cassandra.contactPoint();
        spark = TestSpark.jobSession("batch-bound-it",
                UserStreamJob.sparkConf(settings("unused", Path.of("unused"))));
    }

    @AfterAll
    static void stopSpark() {
        TestSpark.stop(spark);
    }

    static JobSettings settings(String topic, Path checkpoint) {
        Map<String, String> env = TestSpark.itEnv(bootstrap, contactPoint, topic, checkpoint);
        env.put("CASSANDRA_BATCH_SIZE_ROWS", "10");
        return JobSettings.fromEnv(env);
    }

    @Test
    void largeRecordsWithANumberOfRowsAreWrittenInBatchesCassandraAccepts(@TempDir Path checkpoint) throws Exception {
        String topic = "it_users_large";
        createTopic(bootstrap, topic, 1);
        List<UUID> ids = new ArrayList<>();
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            Map<String, Object> u = user(id, "Large" + i, "User");
            if (i % 3 != 2) {
                sub(u, "picture").put("large", "https://randomuser.me/api/portraits/" + "x".repeat(LARGE) + i + ".jpg");
            }
            records.add(Map.entry(id.toString(), json(u)));
        }
        for (int i = 0; i < 12; i++) {
            records.add(Map.entry("bad", "<html>" + "y".repeat(LARGE) + i + "</html>"));
        }
        send(bootstrap, topic, records);

        UserStream stream = UserStream.start(spark, settings(topic, checkpoint));
        awaitProcessed(stream.query(), records.size(), WAIT);
        stream.stopGracefully(Duration.ofSeconds(30));

        assertThat(stream.metrics().rowsWritten()).isEqualTo(60);
        assertThat(stream.metrics().rowsRejected()).isEqualTo(12);
        Set<UUID> stored = CassandraConnector.apply(spark.sparkContext()).withSessionDo(s ->
                s.execute("SELECT id FROM spark_streams.created_users").all().stream()
                        .map(r -> r.getUuid("id")).collect(Collectors.toSet()));
        assertThat(ids).allMatch(stored::contains);
        long largeRejects = CassandraConnector.apply(spark.sparkContext()).withSessionDo(s ->
                s.execute("SELECT raw_value FROM spark_streams.rejected_users WHERE topic = ? AND partition = 0", topic)
                        .all().stream().filter(r -> r.getString("raw_value").length() > LARGE).count());
        assertThat(largeRejects).isEqualTo(12);
    }
}
