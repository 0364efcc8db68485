package io.userstream.pipeline;

import io.userstream.contract.CassandraRoles;
import io.userstream.contract.CassandraSchema;
import io.userstream.localstack.LocalStack;
import io.userstream.localstack.StackSecurity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's secure mode ({@link Pipeline#startSecure}): Kafka's client listener requires
 * SCRAM-SHA-512 with one user per application, Cassandra requires TLS (local-stack's self-signed
 * key; the applications get its truststore) and a login and checks permissions, an admin step applies the schema and contract's roles, and each application gets only its own
 * credentials (as files). Off, it adds nothing: the applications get the servers' addresses only.
 */
final class SecureMode {

    /** The Kafka users, as the chart's KafkaUsers name the clients. */
    static final String KAFKA_INGEST_USER = "ingest";
    static final String KAFKA_SPARK_USER = "spark";

    private final boolean on;

    SecureMode(boolean on) {
        this.on = on;
    }

    /** local-stack with the applications' Kafka users, when on. */
    LocalStack.Builder configure(LocalStack.Builder builder) {
        return on ? builder.security(StackSecurity.withKafkaUsers(List.of(KAFKA_INGEST_USER, KAFKA_SPARK_USER))) : builder;
    }

    /**
     * The one-machine twin of the chart's cassandra-roles Job, when on: the schema first (so the
     * job's role needs no CREATE), then the roles with passwords drawn for this run.
     */
    void applySchemaAndRoles(LocalStack stack) {
        if (!on) {
            return;
        }
        StackSecurity security = stack.security().orElseThrow();
        stack.cassandra().runAsAdmin(CassandraSchema.statements(CassandraSchema.simpleReplication(1)));
        stack.cassandra().runAsAdmin(CassandraRoles.statements(security.password("cassandra." + CassandraRoles.SPARK_ROLE),
                security.password("cassandra." + CassandraRoles.INGEST_ROLE)));
    }

    /** The ingest service's environment: the servers' addresses, and its Kafka user and Cassandra role when on. */
    Map<String, String> ingestEnv(LocalStack stack) {
        return endpoints(stack, KAFKA_INGEST_USER, CassandraRoles.INGEST_ROLE);
    }

    /** The Spark job's environment: the servers' addresses, and its Kafka user and Cassandra role when on. */
    Map<String, String> sparkEnv(LocalStack stack) {
        return endpoints(stack, KAFKA_SPARK_USER, CassandraRoles.SPARK_ROLE);
    }

    private Map<String, String> endpoints(LocalStack stack, String kafkaUser, String cassandraRole) {
        Map<String, String> env = new LinkedHashMap<>(stack.endpoints());
        if (on) {
            env.putAll(stack.kafkaClientEnv(kafkaUser));
            env.putAll(stack.cassandraClientEnv(cassandraRole));
        }
        return env;
    }
}
