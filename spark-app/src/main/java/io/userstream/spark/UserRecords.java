package io.userstream.spark;

import io.userstream.contract.CassandraSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * The transformation, pure and without I/O: Kafka rows (the Kafka source's columns {@code key, value,
 * topic, partition, offset, timestamp}) to rows of {@code spark_streams.created_users}, and the
 * records that cannot become one to rows of {@code spark_streams.rejected_users}.
 *
 * <p>{@link #parse} keeps both kinds in one Dataset (so a micro-batch parses once); {@link #users}
 * and {@link #rejected} split it. Every value is first checked against the contract's
 * {@code users_created} schema ({@link UserContract}): it is rejected, with a reason, when it is
 * empty ({@code empty value}), does not parse ({@code not JSON}) or breaks the schema
 * ({@code schema: /email: expected string, got array}, each violation with its JSON path). Only
 * then is it read, with the read schema generated from the same contract.
 */
public final class UserRecords {

    /** Column with the rejection reason; null on a valid record. */
    public static final String REASON = "reason";
    private static final String CORRUPT = "_corrupt_record";
    /** Valid JSON, valid against the schema, and still not readable with the read schema (an integer beyond 64 bits). */
    static final String UNREADABLE = "unreadable: valid against the schema but not by the job's read schema";
    /** The contract check of one raw value: the reason it is rejected, or null. Nondeterministic, so the optimizer runs it once per record. */
    private static final UserDefinedFunction CHECK = udf(
            (UDF1<String, String>) value -> UserContract.get().reason(value), DataTypes.StringType).asNondeterministic();

    /** Columns of spark_streams.created_users, in schema.cql's order. */
    public static final List<String> USER_COLUMNS = CassandraSchema.columns(CassandraSchema.USERS_TABLE);

    /** Columns of spark_streams.rejected_users. */
    public static final List<String> REJECTED_COLUMNS = CassandraSchema.columns(CassandraSchema.REJECTED_TABLE);

    /** The randomuser.me 1.4 result object: the read schema generated from the contract's JSON Schema. */
    public static final StructType USER_JSON_SCHEMA = UserContract.get().readSchema();

    private UserRecords() {
    }

    /**
     * Kafka rows to parsed rows: the user columns, {@link #REASON}, and the Kafka position and raw
     * value (the raw value only on rejected rows, to keep a cached batch small).
     */
    public static Dataset<Row> parse(Dataset<Row> kafkaRows) {
        StructType withCorrupt = USER_JSON_SCHEMA.add(CORRUPT, DataTypes.StringType);
        // explode(array(x)) = x, but as a Generate node: the optimizer cannot push the users/rejected
        // filter below it, which would inline from_json into every field the filter reads (one JSON
        // parse per field instead of one per record: 10x slower, measured).
        Dataset<Row> json = kafkaRows
                .withColumn("raw", col("value").cast("string"))
                .withColumn("check", CHECK.apply(col("raw")))
                .withColumn("u", explode(array(from_json(when(col("check").isNull(), col("raw")), withCorrupt,
                        Map.of("columnNameOfCorruptRecord", CORRUPT, "mode", "PERMISSIVE")))));
        Column reason = reason();
        return json.select(
                text("u.login.uuid").as("id_text"),
                text("u.name.first").as("first_name"),
                text("u.name.last").as("last_name"),
                text("u.gender").as("gender"),
                address().as("address"),
                text("u.location.postcode").as("post_code"),
                text("u.email").as("email"),
                text("u.login.username").as("username"),
                col("u.dob.date").cast("timestamp").as("dob"),
                col("u.registered.date").cast("timestamp").as("registered_date"),
                text("u.phone").as("phone"),
                text("u.picture.large").as("picture"),
                text("u.nat").as("nationality"),
                col("timestamp").as("ingested_at"),
                reason.as(REASON),
                col("topic"), col("partition"), col("offset"),
                col("key").cast("string").as("kafka_key"),
                col("timestamp").as("kafka_timestamp"),
                when(reason.isNotNull(), col("raw")).as("raw_value"))
                .withColumn("id", lower(col("id_text")))
                .drop("id_text");
    }

    /** The valid parsed rows as rows of created_users. */
    public static Dataset<Row> users(Dataset<Row> parsed) {
        return parsed.where(col(REASON).isNull()).select(columns(USER_COLUMNS));
    }

    /** Column of {@link #latestUsers}: the row's write time in microseconds, given to Cassandra as USING TIMESTAMP. */
    public static final String WRITE_TIME = "write_time_micros";

    /**
     * The rows a micro-batch writes to created_users: every valid row, each with {@link #WRITE_TIME}
     * from its Kafka record: the record's timestamp, plus its offset modulo 1000 to order records of
     * the same millisecond (the same id is always in the same partition: it is the key). Cassandra
     * keeps, cell by cell, the value written with the highest timestamp, so the newest record of an
     * id wins whatever order the writes arrive in: within a batch (a batch may hold an id twice, and
     * the tasks that {@code minPartitions} cuts a partition into write in any order) and across batches
     * (a batch replayed after a crash never overwrites what a later record wrote). Equal write times
     * can only come from one id in two partitions (a record produced with a foreign key); Cassandra
     * then keeps the greater value.
     *
     * <p>No shuffle: until 2026-12-03 a window kept only the newest row per id, which made Spark
     * shuffle every batch twice (for the speed layer and for this write): a fifth of the job's CPU
     * in a drain (JFR profile, see the root README's Performance). The speed layer picks the newest
     * version per id itself, on the driver, by the same write time.
     */
    public static Dataset<Row> usersToWrite(Dataset<Row> parsed) {
        List<String> out = new java.util.ArrayList<>(USER_COLUMNS);
        out.add(WRITE_TIME);
        return parsed.where(col(REASON).isNull())
                .withColumn(WRITE_TIME, expr("unix_micros(kafka_timestamp)").plus(pmod(col("offset"), lit(1000L))))
                .select(columns(out));
    }

    /** The rejected parsed rows as rows of rejected_users. */
    public static Dataset<Row> rejected(Dataset<Row> parsed) {
        return parsed.where(col(REASON).isNotNull())
                .withColumn("rejected_at", current_timestamp())
                .select(columns(REJECTED_COLUMNS));
    }

    /** The contract check's reason, or null; a value the check passed that from_json cannot hold is rejected too. */
    private static Column reason() {
        return when(col("check").isNotNull(), col("check"))
                .when(col("u").isNull().or(col("u." + CORRUPT).isNotNull()), lit(UNREADABLE));
    }

    /** The seeds' address: "{street number} {street name}, {city}, {state}, {country}", null parts left out. */
    private static Column address() {
        Column street = when(text("u.location.street.number").isNotNull().or(text("u.location.street.name").isNotNull()),
                concat_ws(" ", text("u.location.street.number"), text("u.location.street.name")));
        Column joined = concat_ws(", ", street, text("u.location.city"), text("u.location.state"),
                text("u.location.country"));
        return when(joined.notEqual(""), joined);
    }

    /** A string field, trimmed, blank as null. */
    private static Column text(String path) {
        Column t = trim(col(path));
        return when(t.notEqual(""), t);
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(n -> col(n)).toArray(Column[]::new);
    }
}
