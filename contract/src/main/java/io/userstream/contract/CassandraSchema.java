package io.userstream.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Keyspace and table names, and the CQL that creates them: {@code schema.cql} beside this class is
 * the single source (the README shows it, the Spark job applies it at start-up, tests use it).
 */
public final class CassandraSchema {

    public static final String KEYSPACE = "spark_streams";
    public static final String USERS_TABLE = "created_users";
    public static final String REJECTED_TABLE = "rejected_users";
    // Batch layer (BatchJob) and speed layer (the stream's per-micro-batch aggregates): see schema.cql.
    public static final String BY_DAY_TABLE = "users_by_day";
    public static final String BY_BIRTH_DECADE_TABLE = "users_by_birth_decade";
    public static final String BY_REGISTRATION_YEAR_TABLE = "users_by_registration_year";
    public static final String TOTALS_TABLE = "user_totals";
    public static final String BATCH_RUNS_TABLE = "batch_runs";
    public static final String SPEED_TABLE = "speed_aggregates";
    public static final String STREAM_BATCHES_TABLE = "stream_batches";
    public static final String USER_VERSIONS_TABLE = "user_versions";

    /** The placeholder in schema.cql for the keyspace's replication map. */
    static final String REPLICATION_PLACEHOLDER = "${replication}";

    private CassandraSchema() {
    }

    /** Replication for one node: SimpleStrategy, factor 1. */
    public static String simpleReplication(int factor) {
        return "{'class': 'SimpleStrategy', 'replication_factor': " + factor + "}";
    }

    /** Replication for K8ssandra: NetworkTopologyStrategy with a factor per data center. */
    public static String networkTopologyReplication(String datacenter, int factor) {
        return "{'class': 'NetworkTopologyStrategy', '" + datacenter + "': " + factor + "}";
    }

    /** Columns of {@code spark_streams.<table>} in schema.cql's order, read from its CREATE TABLE statement. */
    public static List<String> columns(String table) {
        String create = statements(simpleReplication(1)).stream()
                .filter(s -> s.matches("(?s)CREATE TABLE IF NOT EXISTS " + KEYSPACE + "\\." + table + "\\s*\\(.*"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("schema.cql has no table " + KEYSPACE + "." + table));
        String body = create.substring(create.indexOf('(') + 1, create.lastIndexOf(')'));
        return Arrays.stream(body.split("\n"))
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("PRIMARY KEY"))
                .map(line -> line.split("\\s+")[0])
                .toList();
    }

    /** {@code INSERT INTO spark_streams.<table> (<all columns>) VALUES (?, ...)}: one bind marker per column. */
    public static String insertAll(String table) {
        List<String> columns = columns(table);
        return "INSERT INTO " + KEYSPACE + "." + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    }

    /** The raw schema.cql, with the replication placeholder. */
    public static String cqlTemplate() {
        try (InputStream in = CassandraSchema.class.getResourceAsStream("schema.cql")) {
            if (in == null) {
                throw new IllegalStateException("schema.cql is missing from the contract jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The statements of schema.cql, comments removed, with the given replication map; each is
     * idempotent ({@code IF NOT EXISTS}), so applying them at every start is safe.
     */
    public static List<String> statements(String replication) {
        String cql = cqlTemplate().replace(REPLICATION_PLACEHOLDER, replication);
        String withoutComments = Arrays.stream(cql.split("\n"))
                .map(line -> line.replaceAll("--.*$", ""))
                .reduce("", (a, b) -> a + "\n" + b);
        return Arrays.stream(withoutComments.split(";"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * The statements of {@link #statements(String)} that create something not there yet: none when
     * an admin already applied the schema, so a client without CREATE permission (the Spark job's
     * least-privilege role) runs no DDL at all; all of them on an empty node, as before.
     *
     * @param keyspaceExists whether {@value #KEYSPACE} exists
     * @param existingTables the tables of {@value #KEYSPACE} that exist (names without keyspace)
     */
    public static List<String> missingStatements(String replication, boolean keyspaceExists, java.util.Set<String> existingTables) {
        java.util.regex.Pattern table = java.util.regex.Pattern.compile("(?s)CREATE TABLE IF NOT EXISTS " + KEYSPACE + "\\.(\\w+).*");
        return statements(replication).stream().filter(s -> {
            if (s.startsWith("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE)) {
                return !keyspaceExists;
            }
            java.util.regex.Matcher m = table.matcher(s);
            return !(m.matches() && existingTables.contains(m.group(1)));
        }).toList();
    }
}
