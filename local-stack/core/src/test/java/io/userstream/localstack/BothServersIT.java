package io.userstream.localstack;

import io.userstream.localstack.junit.LocalStackTest;
import io.userstream.localstack.probe.CqlClient;
import io.userstream.localstack.probe.KafkaMetadataProbe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One extension, one shared stack: both servers run side by side and answer their protocols. */
@LocalStackTest
class BothServersIT {

    @Test
    void bothServersRunTogetherAndAnswer(LocalStack stack) throws Exception {
        assertThat(stack.isRunning(LocalStack.Service.KAFKA)).isTrue();
        assertThat(stack.isRunning(LocalStack.Service.CASSANDRA)).isTrue();
        assertThat(stack.endpoints()).containsOnlyKeys(
                "KAFKA_BOOTSTRAP_SERVERS", "CASSANDRA_CONTACT_POINTS", "CASSANDRA_LOCAL_DATACENTER");

        assertThat(KafkaMetadataProbe.brokerIds("127.0.0.1", stack.kafka().port(), 5000)).containsExactly(KafkaNode.NODE_ID);
        try (CqlClient cql = new CqlClient("127.0.0.1", stack.cassandra().port(), 5000)) {
            List<List<Object>> rows = cql.query("SELECT release_version, data_center FROM system.local");
            assertThat(rows).hasSize(1);
            assertThat((String) rows.get(0).get(0)).startsWith("5.0.");
            assertThat(rows.get(0).get(1)).isEqualTo(CassandraNode.LOCAL_DATACENTER);
            // An aggregate over a whole table comes back with a warning ahead of the rows.
            List<List<Object>> count = cql.query("SELECT COUNT(*) FROM system_schema.keyspaces");
            assertThat((Long) count.get(0).get(0)).isGreaterThan(3L);
        }
    }

    @Test
    void theSameStackIsHandedToEveryTest(LocalStack first, KafkaNode kafka, CassandraNode cassandra) {
        assertThat(SharedLocalStack.require()).isSameAs(first);
        assertThat(first.kafka()).isSameAs(kafka);
        assertThat(first.cassandra()).isSameAs(cassandra);
    }
}
