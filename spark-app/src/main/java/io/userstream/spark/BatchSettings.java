package io.userstream.spark;

import io.userstream.contract.CassandraSchema;
import io.userstream.contract.env.CassandraClientTls;
import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.InvalidSettingException;
import io.userstream.contract.env.Secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the batch job ({@link BatchJob}): the Cassandra subset of the streaming job's, read
 * by the same {@link Setting}s (same variables, parsers and defaults), so one Secret and one env
 * block serve both jobs.
 */
public record BatchSettings(String cassandraContactPoints, String cassandraLocalDatacenter,
                            Optional<String> cassandraUsername, Optional<String> cassandraPassword,
                            CassandraClientTls cassandraTls, JobSettings.ReplicationStrategy cassandraReplicationStrategy,
                            int cassandraReplicationFactor, String cassandraConsistencyLevel) {

    /** What the batch job reads besides the two Cassandra secrets and {@link CassandraClientTls#VARIABLES}. */
    static final List<Setting<?>> SETTINGS = List.of(JobSettings.CONTACT_POINTS, JobSettings.LOCAL_DC,
            JobSettings.STRATEGY, JobSettings.REPLICATION_FACTOR, JobSettings.CONSISTENCY);

    public static BatchSettings fromEnvironment() {
        return fromEnv(System.getenv());
    }

    public static BatchSettings fromEnv(Map<String, String> env) {
        Optional<String> user = Secrets.read(env, EnvVar.CASSANDRA_USERNAME);
        Optional<String> password = Secrets.read(env, EnvVar.CASSANDRA_PASSWORD);
        if (user.isPresent() != password.isPresent()) {
            throw new InvalidSettingException(user.isPresent() ? EnvVar.CASSANDRA_PASSWORD.name()
                    : EnvVar.CASSANDRA_USERNAME.name(), "Cassandra credentials need both a user name and a password");
        }
        return new BatchSettings(JobSettings.CONTACT_POINTS.read(env), JobSettings.LOCAL_DC.read(env), user, password,
                CassandraClientTls.fromEnv(env), JobSettings.STRATEGY.read(env), JobSettings.REPLICATION_FACTOR.read(env),
                JobSettings.CONSISTENCY.read(env));
    }

    public boolean cassandraSslEnabled() {
        return cassandraTls.enabled();
    }

    /** The keyspace's replication map, as the streaming job builds it. */
    public String replication() {
        return cassandraReplicationStrategy == JobSettings.ReplicationStrategy.SimpleStrategy
                ? CassandraSchema.simpleReplication(cassandraReplicationFactor)
                : CassandraSchema.networkTopologyReplication(cassandraLocalDatacenter, cassandraReplicationFactor);
    }

    /** The connector's connection settings (reads and the job's small writes use the same consistency). */
    public Map<String, String> cassandraSparkConf() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.cassandra.connection.host", cassandraContactPoints);
        c.put("spark.cassandra.connection.localDC", cassandraLocalDatacenter);
        c.putAll(cassandraTls.connectorSettings());
        cassandraUsername.ifPresent(u -> c.put("spark.cassandra.auth.username", u));
        cassandraPassword.ifPresent(p -> c.put("spark.cassandra.auth.password", p));
        c.put("spark.cassandra.output.consistency.level", cassandraConsistencyLevel);
        c.put("spark.cassandra.input.consistency.level", cassandraConsistencyLevel);
        return c;
    }

    @Override
    public String toString() {
        return "BatchSettings{cassandra=" + cassandraContactPoints + " dc " + cassandraLocalDatacenter
                + cassandraUsername.map(u -> " user " + u).orElse("") + ", " + cassandraTls
                + ", replication=" + replication() + ", consistency=" + cassandraConsistencyLevel + "}";
    }
}
