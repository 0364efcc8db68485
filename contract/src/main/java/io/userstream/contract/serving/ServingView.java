package io.userstream.contract.serving;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The serving rule of the batch and speed layers, pure (each application reads the tables its own
 * way and hands the rows in): the last batch run's aggregates, plus every speed-layer row of a
 * micro-batch newer than the last one that run covers ({@code seq > coversSeq}). A speed row is the
 * change one micro-batch made (+ the versions it wrote, - the versions they replaced), and the run's
 * view is the state right after micro-batch {@code coversSeq}, so the sum telescopes to the current
 * table: exact whenever the stream is idle.
 */
public final class ServingView {

    /** Dimensions, in the keys both layers use (schema.cql): day = "ingest_day|nationality|gender". */
    public static final String DAY = "day";
    /** "nationality|birth_decade". */
    public static final String BIRTH_DECADE = "birth_decade";
    /** "registered_year". */
    public static final String REGISTRATION_YEAR = "registered_year";
    /** Marks an addition in {@link SpeedRow#priorSeq()}. */
    public static final long ADDED = -1;
    /** The value of a missing key part. */
    public static final String UNKNOWN = "unknown";
    /** Between the parts of a key. */
    public static final String SEPARATOR = "|";

    private ServingView() {
    }

    /** The last batch run: its time, the last micro-batch it includes, the rows it read. */
    public record BatchRun(Instant asOf, long coversSeq, long rowsRead) {
    }

    /** One aggregate row of the batch view, in the dimension/key encoding. */
    public record BatchRow(String dimension, String key, long users) {
    }

    /** One row of speed_aggregates. */
    public record SpeedRow(long seq, String dimension, String key, long priorSeq, long users) {
    }

    /** A number with how much of it came from the batch view and how much from the speed layer. */
    public record Split(long batch, long speed) {
        public long total() {
            return batch + speed;
        }

        Split plus(long batchPart, long speedPart) {
            return new Split(batch + batchPart, speed + speedPart);
        }
    }

    /** What GET /api/stats serves. Maps are sorted by key; a key whose total is 0 is left out. */
    public record Stats(Optional<BatchRun> batchRun, Split total, Map<String, Split> byNationality,
                        Map<String, Split> byGender, Map<String, Split> byBirthDecade,
                        Map<String, Split> byRegistrationYear) {
    }

    public static String dayKey(String ingestDay, String nationality, String gender) {
        return part(ingestDay) + SEPARATOR + part(nationality) + SEPARATOR + part(gender);
    }

    public static String birthDecadeKey(String nationality, String birthDecade) {
        return part(nationality) + SEPARATOR + part(birthDecade);
    }

    /** The parts of a key, in order. */
    public static java.util.List<String> keyParts(String key) {
        return java.util.List.of(key.split("\\" + SEPARATOR, -1));
    }

    private static String part(String value) {
        return value == null ? UNKNOWN : value;
    }

    /** Whether a speed row counts on top of a batch run that covers micro-batches up to {@code coversSeq}. */
    public static boolean counts(SpeedRow row, long coversSeq) {
        return row.seq() > coversSeq;
    }

    /**
     * Batch rows (of {@code run}, or none before the first run) plus the speed rows that count on top
     * of it. The totals are the sum of the day dimension (each user is in exactly one day row).
     */
    public static Stats combine(Optional<BatchRun> run, Collection<BatchRow> batch, Collection<SpeedRow> speed) {
        long covers = run.map(BatchRun::coversSeq).orElse(0L);
        Acc acc = new Acc();
        for (BatchRow r : batch) {
            acc.add(r.dimension(), r.key(), r.users(), 0);
        }
        for (SpeedRow r : speed) {
            if (counts(r, covers)) {
                acc.add(r.dimension(), r.key(), 0, r.users());
            }
        }
        return new Stats(run, acc.total, nonZero(acc.nationality), nonZero(acc.gender), nonZero(acc.decade),
                nonZero(acc.year));
    }

    private static Map<String, Split> nonZero(Map<String, Split> m) {
        m.values().removeIf(s -> s.batch() == 0 && s.speed() == 0);
        return m;
    }

    private static final class Acc {
        Split total = new Split(0, 0);
        final Map<String, Split> nationality = new TreeMap<>();
        final Map<String, Split> gender = new TreeMap<>();
        final Map<String, Split> decade = new TreeMap<>();
        final Map<String, Split> year = new TreeMap<>();

        void add(String dimension, String key, long batch, long speed) {
            String[] parts = key.split("\\" + SEPARATOR, -1);
            switch (dimension) {
                case DAY -> {
                    expect(parts, 3, dimension, key);
                    total = total.plus(batch, speed);
                    nationality.merge(parts[1], new Split(batch, speed), (a, b) -> a.plus(b.batch(), b.speed()));
                    gender.merge(parts[2], new Split(batch, speed), (a, b) -> a.plus(b.batch(), b.speed()));
                }
                case BIRTH_DECADE -> {
                    expect(parts, 2, dimension, key);
                    decade.merge(parts[1], new Split(batch, speed), (a, b) -> a.plus(b.batch(), b.speed()));
                }
                case REGISTRATION_YEAR -> year.merge(key, new Split(batch, speed), (a, b) -> a.plus(b.batch(), b.speed()));
                default -> throw new IllegalArgumentException("unknown aggregate dimension '" + dimension + "'");
            }
        }

        private static void expect(String[] parts, int n, String dimension, String key) {
            if (parts.length != n) {
                throw new IllegalArgumentException("a " + dimension + " key has " + n + " parts: '" + key + "'");
            }
        }
    }
}
