package io.userstream.contract;

/** Kafka topics of the pipeline. The Helm chart's KafkaTopic names are checked against these. */
public final class Topics {

    /** One record per user: key = login.uuid, value = the user's JSON exactly as the API returned it. */
    public static final String USERS_CREATED = "users_created";

    /** Records the ingest service could not publish to {@link #USERS_CREATED}, with the reason in a header. */
    public static final String USERS_CREATED_DLQ = "users_created_dlq";

    private Topics() {
    }
}
