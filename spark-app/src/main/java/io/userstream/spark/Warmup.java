package io.userstream.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;

/**
 * Runs the transformation once, in memory, before the query starts: a valid and a rejected record
 * shaped like the Kafka source's rows through {@link UserRecords#parse}, {@link UserRecords#usersToWrite}
 * and {@link UserRecords#rejected}. Spark's first job pays for class loading, code generation and the
 * JIT of the JSON check and parse; paid here, it no longer delays the first micro-batch (the first
 * row a `make run` user waits for). Nothing is written anywhere.
 */
final class Warmup {

    /** The Kafka source's columns. */
    static final StructType KAFKA_ROW = new StructType()
            .add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType).add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType).add("timestamp", DataTypes.TimestampType)
            .add("timestampType", DataTypes.IntegerType);

    private static final String VALID = "{\"gender\":\"female\",\"name\":{\"title\":\"Ms\",\"first\":\"Warm\",\"last\":\"Up\"},"
            + "\"location\":{\"street\":{\"number\":1,\"name\":\"Main Street\"},\"city\":\"City\",\"state\":\"State\","
            + "\"country\":\"Country\",\"postcode\":\"12345\"},\"email\":\"warm.up@example.com\","
            + "\"login\":{\"uuid\":\"00000000-0000-4000-8000-000000000000\",\"username\":\"warmup\"},"
            + "\"dob\":{\"date\":\"1980-01-01T00:00:00.000Z\",\"age\":45},\"registered\":{\"date\":\"2010-01-01T00:00:00.000Z\",\"age\":15},"
            + "\"phone\":\"01-234\",\"picture\":{\"large\":\"https://example.com/a.jpg\"},\"nat\":\"FR\"}";

    private Warmup() {
    }

    /** Returns the number of valid rows the warm-up produced (1): something to assert in a test. */
    static long run(SparkSession spark) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Row> rows = List.of(
                RowFactory.create(bytes("k"), bytes(VALID), "warmup", 0, 0L, now, 0),
                RowFactory.create(bytes("k2"), bytes("not json"), "warmup", 0, 1L, now, 0));
        Dataset<Row> parsed = UserRecords.parse(spark.createDataFrame(rows, KAFKA_ROW));
        long valid = UserRecords.usersToWrite(parsed).collectAsList().size();
        UserRecords.rejected(parsed).collectAsList();
        return valid;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
