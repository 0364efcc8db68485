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

    /** Value is the randomuser.me result object as received (API 1.4 shape). */
    public static final String CURRENT_SCHEMA_VERSION = "1";

    private RecordHeaders() {
    }
}
