package io.userstream.ingest.publish;

import io.userstream.contract.RecordHeaders;
import io.userstream.ingest.config.IngestConfig;
import io.userstream.ingest.registry.SchemaRegistration;
import io.userstream.ingest.source.Page;
import io.userstream.ingest.source.Rejected;
import io.userstream.ingest.source.UserRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The Kafka records of one page: one per valid user on the main topic (key = login.uuid, value = its
 * JSON as received) and one per rejection on the dead-letter topic, each with the contract's headers;
 * valid users also with the registry's global id of their schema when a registry is configured.
 */
@ApplicationScoped
public class RecordFactory {

    private final IngestConfig config;
    private final SchemaRegistration registration;

    public RecordFactory(IngestConfig config, SchemaRegistration registration) {
        this.config = config;
        this.registration = registration;
    }

    public List<OutRecord> records(Page page, String source, String runId, Instant fetchedAt) {
        List<RecordHeader> common = List.of(
                header(RecordHeaders.SOURCE, source),
                header(RecordHeaders.FETCHED_AT, fetchedAt.toString()),
                header(RecordHeaders.API_SEED, page.seed()),
                header(RecordHeaders.API_VERSION, page.version()),
                header(RecordHeaders.SCHEMA_VERSION, RecordHeaders.CURRENT_SCHEMA_VERSION),
                header(RecordHeaders.RUN_ID, runId));
        List<RecordHeader> valid = common;
        OptionalLong globalId = registration.globalId();
        if (globalId.isPresent()) {
            // as Apicurio's serdes write it in headers mode: 8 bytes, big-endian
            valid = new ArrayList<>(common);
            valid.add(new RecordHeader(RecordHeaders.REGISTRY_GLOBAL_ID, ByteBuffer.allocate(Long.BYTES).putLong(globalId.getAsLong()).array()));
        }
        List<OutRecord> out = new ArrayList<>(page.users().size() + page.rejected().size());
        for (UserRecord user : page.users()) {
            out.add(new OutRecord(config.topic(), user.uuid(), user.json(), valid, false));
        }
        for (Rejected rejected : page.rejected()) {
            List<RecordHeader> headers = new ArrayList<>(common);
            headers.add(header(RecordHeaders.DLQ_REASON, rejected.reason()));
            out.add(new OutRecord(config.dlqTopic(), rejected.key(), rejected.raw(), headers, true));
        }
        return out;
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
