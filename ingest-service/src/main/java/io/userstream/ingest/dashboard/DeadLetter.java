package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** A rejected record: which stage rejected it, when, why, and where it is kept (value shortened). */
@RegisterForReflection
public record DeadLetter(String stage, Instant at, String reason, String key, String topic, int partition, long offset,
                         String value) {
}
