package io.userstream.ingest.publish;

/** What Kafka acknowledged of one batch: users on the main topic, rejections on the dead-letter topic. */
public record PublishResult(int published, int deadLettered) {
}
