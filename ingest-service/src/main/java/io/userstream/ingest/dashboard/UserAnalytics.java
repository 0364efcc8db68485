package io.userstream.ingest.dashboard;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.userstream.contract.CassandraSchema;
import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * What the speed layer holds, from spark_streams.created_users itself: users by nationality, gender
 * and age, registration years, rows per minute of ingestion, the delay from Kafka to row, and the
 * latest users. One pass over at most {@code userstream.dashboard.sample-rows} rows (the table has
 * no time index: id is the key); the answer says whether it saw every row. Kept for a few seconds
 * so several viewers cost one pass.
 */
@ApplicationScoped
public class UserAnalytics {

    static final int LATEST = 12;
    static final int MINUTES = 30;
    static final Duration FRESH_FOR = Duration.ofSeconds(3);
    /** Upper bounds (exclusive) of the age buckets; the last bucket is open. */
    static final int[] AGE_BOUNDS = {20, 30, 40, 50, 60, 70};
    /** Upper bounds (exclusive) of the delay buckets, in ms; the last bucket is open. */
    static final long[] DELAY_BOUNDS_MS = {500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000};

    /** Per page of the scan: longer than the session's default, the scan competes with the job's writes. */
    static final Duration PAGE_TIMEOUT = Duration.ofSeconds(15);

    private static final Logger LOG = Logger.getLogger(UserAnalytics.class);
    private static final String TABLE = CassandraSchema.KEYSPACE + "." + CassandraSchema.USERS_TABLE;
    private static final String QUERY = "SELECT id, first_name, last_name, gender, dob, registered_date, picture, nationality, "
            + "ingested_at, WRITETIME(ingested_at) AS written FROM " + TABLE;

    private final QuarkusCqlSession session;
    private final int sampleRows;
    private Analytics cached;
    private Instant cachedAt = Instant.EPOCH;

    public UserAnalytics(QuarkusCqlSession session, IngestConfig config) {
        this.session = session;
        this.sampleRows = config.dashboard().sampleRows();
    }

    /**
     * The analytics, at most {@link #FRESH_FOR} old. When a refresh fails (Cassandra busy past the
     * timeout, say) the last good answer is served marked stale with the error, so a panel does not
     * go blank for a hiccup; with no earlier answer the failure is thrown.
     */
    public synchronized Analytics current() {
        Instant now = Instant.now();
        if (cached == null || now.isAfter(cachedAt.plus(FRESH_FOR))) {
            try {
                cached = compute(now, session.execute(SimpleStatement.newInstance(QUERY)
                        .setPageSize(Math.min(1000, sampleRows)).setTimeout(PAGE_TIMEOUT)), null);
                cachedAt = now;
            } catch (InvalidQueryException e) {
                if (!String.valueOf(e.getMessage()).contains("does not exist")) {
                    throw e;
                }
                // a fresh cluster before the Spark job's first start: no table is no rows, said so
                cached = compute(now, List.of(), TABLE + " does not exist yet (the Spark job creates it when it starts)");
                cachedAt = now;
            } catch (RuntimeException e) {
                LOG.warnf("dashboard: reading %s failed: %s", TABLE, e.toString());
                if (cached == null) {
                    throw e;
                }
                return cached.stale(e.getMessage());
            }
        }
        return cached;
    }

    private Analytics compute(Instant now, Iterable<Row> rows, String note) {
        Map<String, Long> nationality = new TreeMap<>();
        Map<String, Long> gender = new TreeMap<>();
        long[] ages = new long[AGE_BOUNDS.length + 1];
        Map<Integer, Long> registered = new TreeMap<>();
        long[] delays = new long[DELAY_BOUNDS_MS.length + 1];
        List<Long> delaySamples = new ArrayList<>();
        Instant firstMinute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(MINUTES - 1));
        long[] perMinute = new long[MINUTES];
        PriorityQueue<Row> latest = new PriorityQueue<>(Comparator.comparing(UserAnalytics::ingestedAt)
                .thenComparing(r -> r.getUuid("id"))); // ties (one Kafka batch) in a stable order
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int seen = 0;
        boolean complete = true;
        for (Row row : rows) {
            if (seen == sampleRows) {
                complete = false;
                break;
            }
            seen++;
            nationality.merge(orUnknown(row.getString("nationality")), 1L, Long::sum);
            gender.merge(orUnknown(row.getString("gender")), 1L, Long::sum);
            Instant dob = row.getInstant("dob");
            if (dob != null) {
                ages[bucket(Period.between(LocalDate.ofInstant(dob, ZoneOffset.UTC), today).getYears(), AGE_BOUNDS)]++;
            }
            Instant reg = row.getInstant("registered_date");
            if (reg != null) {
                registered.merge(LocalDate.ofInstant(reg, ZoneOffset.UTC).getYear(), 1L, Long::sum);
            }
            Instant ingested = row.getInstant("ingested_at");
            if (ingested != null) {
                long minute = Duration.between(firstMinute, ingested).toMinutes();
                if (!ingested.isBefore(firstMinute) && minute < MINUTES) {
                    perMinute[(int) minute]++;
                }
                if (!row.isNull("written")) {
                    long delayMs = Math.max(0, row.getLong("written") / 1000 - ingested.toEpochMilli());
                    delays[bucket(delayMs, DELAY_BOUNDS_MS)]++;
                    delaySamples.add(delayMs);
                }
                latest.add(row);
                if (latest.size() > LATEST) {
                    latest.poll();
                }
            }
        }
        List<LatestUser> newest = new ArrayList<>();
        while (!latest.isEmpty()) {
            Row r = latest.poll();
            newest.add(0, new LatestUser(r.getUuid("id").toString(), name(r), r.getString("nationality"), r.getInstant("ingested_at"),
                    r.getString("picture") != null && !r.getString("picture").isBlank()));
        }
        List<Count> minutes = new ArrayList<>();
        for (int i = 0; i < MINUTES; i++) {
            minutes.add(new Count(firstMinute.plus(Duration.ofMinutes(i)).toString(), perMinute[i]));
        }
        delaySamples.sort(null);
        return new Analytics(now, false, note, seen, complete, sampleRows, sorted(nationality), sorted(gender),
                labelled(ages, AGE_BOUNDS, "", ""), new ArrayList<>(registered.entrySet().stream()
                        .map(e -> new Count(String.valueOf(e.getKey()), e.getValue())).toList()),
                minutes, labelledMs(delays), percentile(delaySamples, 50), percentile(delaySamples, 95), newest);
    }

    private static Instant ingestedAt(Row r) {
        return r.getInstant("ingested_at");
    }

    private static String name(Row r) {
        String first = r.getString("first_name");
        String last = r.getString("last_name");
        return ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
    }

    private static String orUnknown(String v) {
        return v == null || v.isBlank() ? "unknown" : v;
    }

    static int bucket(long value, long[] bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (value < bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    static int bucket(int value, int[] bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (value < bounds[i]) {
                return i;
            }
        }
        return bounds.length;
    }

    /** Largest first, then by name. */
    private static List<Count> sorted(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Count(e.getKey(), e.getValue())).toList();
    }

    private static List<Count> labelled(long[] counts, int[] bounds, String prefix, String suffix) {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("under " + bounds[0], counts[0]);
        for (int i = 1; i < bounds.length; i++) {
            out.put(bounds[i - 1] + "–" + (bounds[i] - 1), counts[i]);
        }
        out.put(bounds[bounds.length - 1] + "+", counts[bounds.length]);
        return out.entrySet().stream().map(e -> new Count(prefix + e.getKey() + suffix, e.getValue())).toList();
    }

    private static List<Count> labelledMs(long[] counts) {
        List<Count> out = new ArrayList<>();
        out.add(new Count("< " + seconds(DELAY_BOUNDS_MS[0]), counts[0]));
        for (int i = 1; i < DELAY_BOUNDS_MS.length; i++) {
            out.add(new Count(seconds(DELAY_BOUNDS_MS[i - 1]) + "–" + seconds(DELAY_BOUNDS_MS[i]), counts[i]));
        }
        out.add(new Count("≥ " + seconds(DELAY_BOUNDS_MS[DELAY_BOUNDS_MS.length - 1]), counts[DELAY_BOUNDS_MS.length]));
        return out;
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    private static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
