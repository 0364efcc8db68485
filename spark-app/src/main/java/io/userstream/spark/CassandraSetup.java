package io.userstream.spark;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.env.EnvVar;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Creates the keyspace and tables of schema.cql if absent, through the connector's (shaded) driver session. */
final class CassandraSetup {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraSetup.class);

    private CassandraSetup() {
    }

    /**
     * Applies schema.cql, then checks the keyspace's replication: {@code IF NOT EXISTS} keeps a
     * keyspace created earlier as it was, so moving from kind (factor 1) to production values
     * would otherwise keep one replica without a word. A mismatch fails the start naming the
     * settings; it is not altered here, since a higher factor needs a repair before reads at
     * LOCAL_QUORUM are safe, which an operator must run.
     */
    static void applySchema(SparkSession spark, JobSettings settings) {
        Map<String, String> actual = applySchema(spark, settings.replication());
        String mismatch = replicationMismatch(actual, settings);
        if (mismatch != null) {
            throw new IllegalStateException(mismatch);
        }
    }

    /**
     * Applies what of schema.cql is missing with the given replication map; returns the keyspace's
     * replication as Cassandra has it. Where an admin created the schema (secure mode, the chart's
     * cassandra-roles Job) nothing is missing and the job, which may then only read and write its
     * tables, runs no DDL.
     */
    static Map<String, String> applySchema(SparkSession spark, String replication) {
        Map<String, String> actual = CassandraConnector.apply(spark.sparkContext()).withSessionDo(session -> {
            java.util.Set<String> tables = new java.util.HashSet<>();
            session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", CassandraSchema.KEYSPACE)
                    .forEach(r -> tables.add(r.getString("table_name")));
            boolean keyspace = session.execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
                    CassandraSchema.KEYSPACE).one() != null;
            List<String> statements = CassandraSchema.missingStatements(replication, keyspace, tables);
            statements.forEach(session::execute);
            Row row = session.execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
                    CassandraSchema.KEYSPACE).one();
            return row == null ? Map.<String, String>of() : row.getMap("replication", String.class, String.class);
        });
        LOG.info("Schema applied: keyspace {} with replication {}", CassandraSchema.KEYSPACE, replication);
        return actual;
    }

    /** Null when the keyspace's replication map is what the settings ask for, else the message to fail with. */
    static String replicationMismatch(Map<String, String> actual, JobSettings settings) {
        String strategy = actual.getOrDefault("class", "");
        String factor = settings.cassandraReplicationStrategy() == JobSettings.ReplicationStrategy.SimpleStrategy
                ? actual.get("replication_factor") : actual.get(settings.cassandraLocalDatacenter());
        boolean sameStrategy = strategy.endsWith("." + settings.cassandraReplicationStrategy().name())
                || strategy.equals(settings.cassandraReplicationStrategy().name());
        if (sameStrategy && String.valueOf(settings.cassandraReplicationFactor()).equals(factor)) {
            return null;
        }
        return "keyspace " + CassandraSchema.KEYSPACE + " exists with replication " + new TreeMap<>(actual)
                + " but " + EnvVar.CASSANDRA_REPLICATION_STRATEGY.name() + "/" + EnvVar.CASSANDRA_REPLICATION_FACTOR.name()
                + " ask for " + settings.replication() + ". Set them to match the keyspace, or ALTER KEYSPACE "
                + CassandraSchema.KEYSPACE + " WITH replication = " + settings.replication()
                + " and run a repair (nodetool repair " + CassandraSchema.KEYSPACE + ") before the job starts";
    }
}
