package io.userstream.spark;

import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.contract.CassandraSchema;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Creates the keyspace and tables of schema.cql if absent, through the connector's (shaded) driver session. */
final class CassandraSetup {

    private static final Logger LOG = LoggerFactory.getLogger(CassandraSetup.class);

    private CassandraSetup() {
    }

    static void applySchema(SparkSession spark, JobSettings settings) {
        applySchema(spark, settings.replication());
    }

    static void applySchema(SparkSession spark, String replication) {
        List<String> statements = CassandraSchema.statements(replication);
        CassandraConnector.apply(spark.sparkContext()).withSessionDo(session -> {
            statements.forEach(session::execute);
            return null;
        });
        LOG.info("Schema applied: keyspace {} with replication {}", CassandraSchema.KEYSPACE, replication);
    }
}
