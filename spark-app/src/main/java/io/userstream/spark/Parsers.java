package io.userstream.spark;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers of the job's settings: each returns the value or throws with what was expected. */
final class Parsers {

    /** The consistency levels a write may use (the driver's names). */
    static final List<String> CONSISTENCY_LEVELS = List.of(
            "ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_ONE", "LOCAL_QUORUM", "EACH_QUORUM");

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Parsers() {
    }

    static String text(String v) {
        return v;
    }

    static String hostPortList(String v) {
        for (String hp : v.split(",")) {
            if (!hp.trim().matches("[A-Za-z0-9._\\-\\[\\]:]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException("expected host:port[,host:port...]");
            }
        }
        return v.replace(" ", "");
    }

    static String topicName(String v) {
        if (!v.matches("[A-Za-z0-9._\\-]{1,249}")) {
            throw new IllegalArgumentException("not a Kafka topic name");
        }
        return v;
    }

    static String startingOffsets(String v) {
        if (!v.equals("earliest") && !v.equals("latest") && !v.startsWith("{")) {
            throw new IllegalArgumentException("expected earliest, latest or a JSON offsets map");
        }
        return v;
    }

    static long positiveLong(String v) {
        long n = Long.parseLong(v);
        if (n <= 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return n;
    }

    static int positiveInt(String v) {
        return Math.toIntExact(positiveLong(v));
    }

    static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** {@code 500ms}, {@code 1s}, {@code 2m}, {@code 1h}, or an ISO-8601 duration ({@code PT1S}); 0 = back to back. */
    static Duration duration(String v) {
        Matcher m = DURATION.matcher(v.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        Duration d = Duration.parse(v);
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return d;
    }

    static String consistencyLevel(String v) {
        String upper = v.toUpperCase(Locale.ROOT);
        if (!CONSISTENCY_LEVELS.contains(upper)) {
            throw new IllegalArgumentException("expected one of " + CONSISTENCY_LEVELS);
        }
        return upper;
    }

    /**
     * {@code CASSANDRA_BATCH_SIZE_ROWS}: {@code auto} or a positive number of rows, returned as the byte
     * bound of a batch ({@code spark.cassandra.output.batch.size.bytes}): batches are never bounded by
     * rows, whose size the job cannot know (a record of up to the ingest service's limit, 1 MB, makes a
     * row of about that size; 32 such rows are far over Cassandra's {@code batch_size_fail_threshold},
     * 50 KiB by default, and such a batch would fail on every replay). {@code auto} is the connector's
     * default, 1 KiB; N is N rows of a typical user ({@link #ROW_BYTES}) capped at {@link #MAX_BATCH_BYTES}.
     * A row larger than the bound is written alone (the connector never adds a row to a batch it would
     * take over the bound, and Cassandra does not apply its batch thresholds to one partition).
     */
    static long batchSizeRows(String v) {
        if (v.equals("auto")) {
            return ROW_BYTES;
        }
        long rows = positiveLong(v);
        return rows > MAX_BATCH_BYTES / ROW_BYTES ? MAX_BATCH_BYTES : rows * ROW_BYTES;
    }

    /** What {@code CASSANDRA_BATCH_SIZE_ROWS} counts a row as: a typical user's row is 0.5-1 KiB. */
    static final long ROW_BYTES = 1024;
    /**
     * The largest batch, in the connector's bytes (the bound values): half of Cassandra's default
     * {@code batch_size_fail_threshold} (50 KiB), as Cassandra counts more than the values (per cell
     * a timestamp, a TTL and a deletion time: 16 bytes, about 1.6 x the values of a typical row).
     */
    static final long MAX_BATCH_BYTES = 24 * 1024;
}
