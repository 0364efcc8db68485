package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** The latest dead letters of the ingest service (Kafka topic) and of the Spark job (Cassandra table). */
@RegisterForReflection
public record DeadLetterView(String ingestTopic, String jobTable, List<DeadLetter> ingest, List<DeadLetter> job,
                             List<String> errors) {
}
