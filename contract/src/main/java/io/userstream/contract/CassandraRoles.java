package io.userstream.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The applications' Cassandra roles and their grants: {@code cassandra-roles.cql} beside this class
 * is the single source (the chart's cassandra-roles Job runs a copy its tests keep identical).
 * An admin applies it after {@link CassandraSchema}: the Spark job gets SELECT and MODIFY on its
 * tables, the ingest service SELECT on what it reads; neither may create, alter or drop anything.
 */
public final class CassandraRoles {

    public static final String SPARK_ROLE = "userstream_spark";
    public static final String INGEST_ROLE = "userstream_ingest";
    static final String SPARK_PASSWORD_PLACEHOLDER = "${spark_password}";
    static final String INGEST_PASSWORD_PLACEHOLDER = "${ingest_password}";

    private CassandraRoles() {
    }

    /** The raw cassandra-roles.cql, with its password placeholders. */
    public static String cqlTemplate() {
        try (InputStream in = CassandraRoles.class.getResourceAsStream("cassandra-roles.cql")) {
            if (in == null) {
                throw new IllegalStateException("cassandra-roles.cql is missing from the contract jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The statements, comments removed, with the passwords as quoted CQL literals. They hold the
     * passwords: run them, never log them.
     */
    public static List<String> statements(String sparkPassword, String ingestPassword) {
        String cql = cqlTemplate().lines().map(line -> line.replaceAll("--.*$", ""))
                .reduce("", (a, b) -> a + "\n" + b)
                .replace(SPARK_PASSWORD_PLACEHOLDER, literal(sparkPassword))
                .replace(INGEST_PASSWORD_PLACEHOLDER, literal(ingestPassword));
        return Arrays.stream(cql.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A CQL string literal: single quotes doubled. */
    static String literal(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a Cassandra role password must not be blank");
        }
        return "'" + value.replace("'", "''") + "'";
    }
}
