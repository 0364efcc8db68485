package io.userstream.ingest.source;

/**
 * Something the source sent that cannot go to the main topic: a bad result ({@code result} true)
 * or a bad response. {@code reason} starts with its kind ({@code schema}, {@code duplicate_login_uuid},
 * {@code response_not_json}, ...) and names what is wrong; {@code key} is the uuid when there is
 * one, {@code raw} what was received (bounded in size).
 */
public record Rejected(String reason, String key, String raw, boolean result) {

    static final int MAX_RAW_CHARS = 64 * 1024;

    /** A rejected response (the body, or a part of it). */
    public static Rejected of(String reason, String key, String raw) {
        return new Rejected(reason, key, bounded(raw), false);
    }

    /** A rejected result of a page. */
    public static Rejected result(String reason, String key, String raw) {
        return new Rejected(reason, key, bounded(raw), true);
    }

    /** The reason's kind, for metrics: the text before the first colon. */
    public String kind() {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    private static String bounded(String raw) {
        return raw == null ? "" : raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
    }
}
