package io.userstream.ingest.publish;

import org.apache.kafka.common.header.internals.RecordHeader;

import java.util.List;

/** A record on its way to Kafka: the main topic or the dead-letter topic. */
public record OutRecord(String topic, String key, String value, List<RecordHeader> headers, boolean deadLetter) {
}
