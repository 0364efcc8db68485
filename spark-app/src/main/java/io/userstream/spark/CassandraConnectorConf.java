package io.userstream.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Spark Cassandra Connector's {@code spark.cassandra.*} configuration for the job's settings. */
final class CassandraConnectorConf {

    private CassandraConnectorConf() {
    }

    static Map<String, String> of(JobSettings s) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("spark.cassandra.connection.host", s.cassandraContactPoints());
        c.put("spark.cassandra.connection.localDC", s.cassandraLocalDatacenter());
        c.putAll(s.cassandraTls().connectorSettings());
        s.cassandraUsername().ifPresent(u -> c.put("spark.cassandra.auth.username", u));
        s.cassandraPassword().ifPresent(p -> c.put("spark.cassandra.auth.password", p));
        c.put("spark.cassandra.output.consistency.level", s.cassandraConsistencyLevel());
        c.put("spark.cassandra.output.concurrent.writes", Integer.toString(s.cassandraConcurrentWrites()));
        // Batches bounded by bytes, never by rows (see Parsers#batchSizeRows): "auto" rows makes the
        // connector use batch.size.bytes, and overrides a rows number from spark-submit's --conf.
        c.put("spark.cassandra.output.batch.size.rows", "auto");
        c.put("spark.cassandra.output.batch.size.bytes", Long.toString(s.cassandraBatchSizeBytes()));
        return c;
    }
}
