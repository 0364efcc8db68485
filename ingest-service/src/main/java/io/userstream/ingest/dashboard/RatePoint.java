package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** Per-second rates over the interval ending {@code at}; {@code written} null when the job was not read. */
@RegisterForReflection
public record RatePoint(Instant at, double fetched, double published, double deadLettered, Double written) {
}
