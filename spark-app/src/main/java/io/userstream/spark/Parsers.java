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

    static String batchSizeRows(String v) {
        return v.equals("auto") ? v : Long.toString(positiveLong(v));
    }
}
