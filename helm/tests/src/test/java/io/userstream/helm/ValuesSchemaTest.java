package io.userstream.helm;

import io.userstream.helm.Chart.Profile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json (and the templates' own checks) refuse bad values before anything is applied. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiterString = "|", textBlock = """
            ingest.source                | kafka    | /ingest/source
            ingest.replicaCount          | -1       | replicaCount
            spark.restartPolicy.type     | Sometimes| type
            unknownTopLevelKey           | 1        | unknownTopLevelKey
            kafka.topics.main.name       | null     | name
            spark.image.tag              | latest   | tag
            spark.sparkVersion           | 4.0.0    | sparkVersion
            cassandra.serverVersion      | 6.8.0    | serverVersion
            kafka.tls                    | true     | tls
            ingest.securityContext.runAsNonRoot | false | runAsNonRoot
            kafka.metrics.podMonitor.interval | often | interval
            cassandra.metrics.scrape  | true     | scrape
            spark.streaming.triggerInterval | 5 seconds | triggerInterval
            spark.kafka.groupIdPrefix  | my-groups | groupIdPrefix
            spark.cassandraWrite.batchSizeRows | 0  | batchSizeRows
            """)
    void schemaRejects(String key, String value, String mentioned) {
        assertThatThrownBy(() -> Chart.render(Profile.DEFAULT, Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(mentioned);
    }

    @ParameterizedTest(name = "{0}={1} is refused by the template")
    @CsvSource(delimiterString = "|", textBlock = """
            kafka.replication.factor             | 3 | kafka.replication.factor must not exceed kafka.nodePool.replicas
            kafka.replication.minInsyncReplicas  | 2 | minInsyncReplicas must not exceed
            cassandra.keyspace.replicationFactor | 3 | replicationFactor must not exceed cassandra.datacenter.size
            """)
    void templateChecksRejectInconsistentValues(String key, String value, String message) {
        assertThatThrownBy(() -> Chart.render(Profile.DEFAULT, Map.of(key, value))).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}={1} is accepted")
    @CsvSource(delimiterString = "|", textBlock = """
            ingest.source       | synthetic
            ingest.replicaCount | 0
            spark.image.tag     | 0.2.0-rc.1
            kafka.tls.enabled   | true
            cassandra.sslEnabled | true
            spark.streaming.triggerInterval | 500ms
            spark.cassandraWrite.batchSizeRows | 64
            """)
    void schemaAcceptsValidValues(String key, String value) {
        assertThatCode(() -> Chart.render(Profile.DEFAULT, Map.of(key, value))).doesNotThrowAnyException();
    }
}
