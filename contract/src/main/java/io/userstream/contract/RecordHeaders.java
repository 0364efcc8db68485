package io.userstream.contract;

/** Kafka record headers the ingest service sets (all values UTF-8 strings). */
public final class RecordHeaders {

    /** Where the record came from: {@code randomuser} or {@code synthetic}. */
    public static final String SOURCE = "userstream.source";
    /** When the service fetched the record, ISO-8601 instant. */
    public static final String FETCHED_AT = "userstream.fetched_at";
    /** The API's {@code info.seed} of the page the record came from. */
    public static final String API_SEED = "userstream.api_seed";
    /** The API's {@code info.version}. */
    public static final String API_VERSION = "userstream.api_version";
    /** Version of the record layout; see {@link #CURRENT_SCHEMA_VERSION}. */
    public static final String SCHEMA_VERSION = "userstream.schema_version";
    /** The ingest run that published the record. */
    public static final String RUN_ID = "userstream.run_id";
    /** On dead-letter records only: why the record was rejected. */
    public static final String DLQ_REASON = "userstream.dlq_reason";

    /**
     * The registry's global id of the schema the value was validated against, as Apicurio's serdes
     * write it ({@code apicurio.value.globalId}, 8 bytes, big-endian long): set only when the
     * ingest service runs with a registry. The value itself stays plain JSON (no framing), so
     * Spark's {@code from_json}, kcat and any consumer read it as it is.
     */
    public static final String REGISTRY_GLOBAL_ID = "apicurio.value.globalId";

    /** Value is the randomuser.me result object as received (API 1.4 shape), valid against {@link UsersCreatedSchema}. */
    public static final String CURRENT_SCHEMA_VERSION = "" + UsersCreatedSchema.VERSION;

    private RecordHeaders() {
    }
}
