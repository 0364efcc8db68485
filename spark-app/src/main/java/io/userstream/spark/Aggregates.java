package io.userstream.spark;

import io.userstream.contract.serving.ServingView;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

/**
 * The aggregate keys of a user row and the counts over them, the same for the batch job and the
 * speed layer (so that their numbers add up). Days and years are UTC whatever the session's time
 * zone; a missing value is {@link ServingView#UNKNOWN}.
 */
final class Aggregates {

    static final String ID = "id";
    static final String INGEST_DAY = "ingest_day";
    static final String NATIONALITY = "nationality";
    static final String GENDER = "gender";
    static final String BIRTH_DECADE = "birth_decade";
    static final String REGISTERED_YEAR = "registered_year";
    /** The key columns, in user_versions' order. */
    static final List<String> KEYS = List.of(INGEST_DAY, NATIONALITY, GENDER, BIRTH_DECADE, REGISTERED_YEAR);

    private Aggregates() {
    }

    /**
     * created_users rows (id, nationality, gender, dob, registered_date, ingested_at) -> id and the
     * keys, then the {@code carried} columns of the users as they are.
     */
    static Dataset<Row> keys(Dataset<Row> users, String... carried) {
        List<Column> columns = new ArrayList<>(List.of(col(ID),
                orUnknown(utcDay("ingested_at").cast("string")).as(INGEST_DAY),
                orUnknown(col("nationality")).as(NATIONALITY),
                orUnknown(col("gender")).as(GENDER),
                orUnknown(concat(expr("cast(floor(year(" + utcDaySql("dob") + ") / 10) * 10 as int)").cast("string"),
                        lit("s"))).as(BIRTH_DECADE),
                orUnknown(expr("year(" + utcDaySql("registered_date") + ")").cast("string")).as(REGISTERED_YEAR)));
        for (String c : carried) {
            columns.add(col(c));
        }
        return users.select(columns.toArray(Column[]::new));
    }

    /** Counts per dimension of rows with {@link #keys} columns, as dimension/key rows of {@link ServingView}. */
    static List<ServingView.BatchRow> count(Dataset<Row> keyed) {
        List<ServingView.BatchRow> out = new ArrayList<>();
        for (Row r : keyed.groupBy(INGEST_DAY, NATIONALITY, GENDER).count().collectAsList()) {
            out.add(new ServingView.BatchRow(ServingView.DAY,
                    ServingView.dayKey(r.getString(0), r.getString(1), r.getString(2)), r.getLong(3)));
        }
        for (Row r : keyed.groupBy(NATIONALITY, BIRTH_DECADE).count().collectAsList()) {
            out.add(new ServingView.BatchRow(ServingView.BIRTH_DECADE,
                    ServingView.birthDecadeKey(r.getString(0), r.getString(1)), r.getLong(2)));
        }
        for (Row r : keyed.groupBy(REGISTERED_YEAR).count().collectAsList()) {
            out.add(new ServingView.BatchRow(ServingView.REGISTRATION_YEAR, r.getString(0), r.getLong(1)));
        }
        return out;
    }

    /** {@link #count} per value of a {@code seq} column, in one pass per dimension. */
    static Map<Long, List<ServingView.BatchRow>> countPerSeq(Dataset<Row> keyedWithSeq) {
        Map<Long, List<ServingView.BatchRow>> out = new TreeMap<>();
        for (Row r : keyedWithSeq.groupBy(col("seq"), col(INGEST_DAY), col(NATIONALITY), col(GENDER)).count().collectAsList()) {
            out.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(new ServingView.BatchRow(ServingView.DAY,
                    ServingView.dayKey(r.getString(1), r.getString(2), r.getString(3)), r.getLong(4)));
        }
        for (Row r : keyedWithSeq.groupBy(col("seq"), col(NATIONALITY), col(BIRTH_DECADE)).count().collectAsList()) {
            out.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(new ServingView.BatchRow(ServingView.BIRTH_DECADE,
                    ServingView.birthDecadeKey(r.getString(1), r.getString(2)), r.getLong(3)));
        }
        for (Row r : keyedWithSeq.groupBy(col("seq"), col(REGISTERED_YEAR)).count().collectAsList()) {
            out.computeIfAbsent(r.getLong(0), k -> new ArrayList<>()).add(
                    new ServingView.BatchRow(ServingView.REGISTRATION_YEAR, r.getString(1), r.getLong(2)));
        }
        return out;
    }

    /**
     * {@link #countPerSeq} of keys already on the driver (a micro-batch's, read by the speed layer):
     * the same groups and counts per seq, without a Spark job and its shuffle per dimension.
     */
    static Map<Long, List<ServingView.BatchRow>> countKeyed(List<SpeedLayer.Keyed> keyed) {
        Map<Long, Map<List<String>, Long>> counts = new TreeMap<>();
        for (SpeedLayer.Keyed k : keyed) {
            Map<List<String>, Long> c = counts.computeIfAbsent(k.seq(), s -> new java.util.LinkedHashMap<>());
            c.merge(List.of(ServingView.DAY, ServingView.dayKey(k.ingestDay(), k.nationality(), k.gender())), 1L, Long::sum);
            c.merge(List.of(ServingView.BIRTH_DECADE, ServingView.birthDecadeKey(k.nationality(), k.birthDecade())), 1L, Long::sum);
            c.merge(List.of(ServingView.REGISTRATION_YEAR, k.registeredYear()), 1L, Long::sum);
        }
        Map<Long, List<ServingView.BatchRow>> out = new TreeMap<>();
        counts.forEach((seq, c) -> c.forEach((dimKey, n) ->
                out.computeIfAbsent(seq, s -> new ArrayList<>()).add(new ServingView.BatchRow(dimKey.get(0), dimKey.get(1), n))));
        return out;
    }

    private static Column orUnknown(Column c) {
        return coalesce(c, lit(ServingView.UNKNOWN));
    }

    private static Column utcDay(String timestampColumn) {
        return expr(utcDaySql(timestampColumn));
    }

    /** The UTC calendar day of a timestamp, as a date: no session time zone involved. */
    private static String utcDaySql(String timestampColumn) {
        return "date_from_unix_date(cast(floor(unix_seconds(" + timestampColumn + ") / 86400) as int))";
    }
}
