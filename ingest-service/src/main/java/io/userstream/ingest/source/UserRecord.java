package io.userstream.ingest.source;

/** One valid user: its {@code login.uuid} and its JSON exactly as the source sent it. */
public record UserRecord(String uuid, String json) {
}
