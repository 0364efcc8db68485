package io.userstream.ingest.run;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** One ingest run as the HTTP API shows it. {@code failed} = requested but never received from the source. */
@RegisterForReflection
public record RunView(String id, String trigger, String source, String status, int requested, int fetched,
                      int published, int rejected, int failed, String error, Instant startedAt, Instant finishedAt,
                      long durationMs, long fetchMs, long publishMs) {
}
