package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One bar of a distribution. */
@RegisterForReflection
public record Count(String label, long count) {
}
