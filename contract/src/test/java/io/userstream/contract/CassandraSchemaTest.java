package io.userstream.contract;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CassandraSchemaTest {

    @Test
    void statementsAreIdempotentAndCarryTheReplication() {
        List<String> statements = CassandraSchema.statements(CassandraSchema.simpleReplication(1));

        assertThat(statements).hasSize(11);
        assertThat(statements).allMatch(s -> s.contains("IF NOT EXISTS"));
        assertThat(statements.get(0)).startsWith("CREATE KEYSPACE IF NOT EXISTS " + CassandraSchema.KEYSPACE)
                .endsWith("{'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThat(statements.get(1)).contains(CassandraSchema.KEYSPACE + "." + CassandraSchema.USERS_TABLE)
                .contains("id uuid PRIMARY KEY");
        assertThat(statements.get(2)).contains(CassandraSchema.KEYSPACE + "." + CassandraSchema.REJECTED_TABLE);
        assertThat(String.join("\n", statements)).doesNotContain("--").doesNotContain("${");
    }

    @Test
    void networkTopologyReplicationNamesTheDataCenter() {
        assertThat(CassandraSchema.networkTopologyReplication("dc1", 3))
                .isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3}");
    }

    @Test
    void namesMatchTheOriginalDemo() {
        assertThat(Topics.USERS_CREATED).isEqualTo("users_created");
        assertThat(CassandraSchema.KEYSPACE).isEqualTo("spark_streams");
        assertThat(CassandraSchema.USERS_TABLE).isEqualTo("created_users");
    }

    @Test
    void columnsAreReadFromTheCreateTableStatements() {
        assertThat(CassandraSchema.columns(CassandraSchema.USERS_TABLE)).containsExactly("id", "first_name", "last_name",
                "gender", "address", "post_code", "email", "username", "dob", "registered_date", "phone", "picture",
                "nationality", "ingested_at");
        assertThat(CassandraSchema.columns(CassandraSchema.REJECTED_TABLE)).containsExactly("topic", "partition", "offset",
                "reason", "raw_value", "kafka_key", "kafka_timestamp", "rejected_at");
        assertThat(CassandraSchema.insertAll(CassandraSchema.REJECTED_TABLE)).isEqualTo("INSERT INTO spark_streams.rejected_users"
                + " (topic, partition, offset, reason, raw_value, kafka_key, kafka_timestamp, rejected_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @Test
    void onlyWhatIsMissingIsCreated() {
        String replication = CassandraSchema.simpleReplication(1);
        assertThat(CassandraSchema.missingStatements(replication, false, java.util.Set.of()))
                .isEqualTo(CassandraSchema.statements(replication));
        java.util.Set<String> all = new java.util.HashSet<>(java.util.List.of(CassandraSchema.USERS_TABLE, CassandraSchema.REJECTED_TABLE,
                CassandraSchema.BY_DAY_TABLE, CassandraSchema.BY_BIRTH_DECADE_TABLE, CassandraSchema.BY_REGISTRATION_YEAR_TABLE,
                CassandraSchema.TOTALS_TABLE, CassandraSchema.BATCH_RUNS_TABLE, CassandraSchema.SPEED_TABLE,
                CassandraSchema.STREAM_BATCHES_TABLE, CassandraSchema.USER_VERSIONS_TABLE));
        assertThat(CassandraSchema.missingStatements(replication, true, all)).isEmpty();
        all.remove(CassandraSchema.USER_VERSIONS_TABLE);
        assertThat(CassandraSchema.missingStatements(replication, true, all)).singleElement()
                .satisfies(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS spark_streams.user_versions"));
    }
}
