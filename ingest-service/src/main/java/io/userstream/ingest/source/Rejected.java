package io.userstream.ingest.source;

/**
 * Something the source sent that cannot go to the main topic: a bad result or a bad response.
 * {@code key} is the uuid when there is one, {@code raw} what was received (bounded in size).
 */
public record Rejected(String reason, String key, String raw) {

    static final int MAX_RAW_CHARS = 64 * 1024;

    public static Rejected of(String reason, String key, String raw) {
        String bounded = raw == null ? "" : raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
        return new Rejected(reason, key, bounded);
    }
}
