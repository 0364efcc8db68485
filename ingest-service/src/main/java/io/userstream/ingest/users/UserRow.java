package io.userstream.ingest.users;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/** One row of spark_streams.created_users, as the user API answers it. */
@RegisterForReflection
public record UserRow(UUID id, String firstName, String lastName, String gender, String address, String postCode,
                      String email, String username, Instant dob, Instant registeredDate, String phone, String picture,
                      String nationality, Instant ingestedAt) {
}
