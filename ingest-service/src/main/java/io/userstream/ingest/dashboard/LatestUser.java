package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** A recently stored user; the picture is served through /api/dashboard/users/{id}/picture. */
@RegisterForReflection
public record LatestUser(String id, String name, String nationality, Instant ingestedAt, boolean hasPicture) {
}
