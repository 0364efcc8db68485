package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** The live-ingestion series (oldest first) and the cumulative totals of the newest sample. */
@RegisterForReflection
public record Rates(int intervalSeconds, List<RatePoint> points, long fetchedTotal, long publishedTotal,
                    long deadLetteredTotal, Long writtenTotal) {
}
