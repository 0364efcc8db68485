package io.userstream.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka topics of the pipeline and their partition counts on one machine and in the chart's
 * defaults. The Helm chart's KafkaTopic names and default partitions are checked against these;
 * local-stack creates exactly these for tests and `make run`.
 */
public final class Topics {

    /** One record per user: key = login.uuid, value = the user's JSON exactly as the API returned it. */
    public static final String USERS_CREATED = "users_created";

    /** Partitions of {@link #USERS_CREATED}: the upper bound of the Spark job's read parallelism. */
    public static final int USERS_CREATED_PARTITIONS = 3;

    /** Records the ingest service could not publish to {@link #USERS_CREATED}, with the reason in a header. */
    public static final String USERS_CREATED_DLQ = "users_created_dlq";

    /** Partitions of {@link #USERS_CREATED_DLQ}: it carries few records. */
    public static final int USERS_CREATED_DLQ_PARTITIONS = 1;

    private Topics() {
    }

    /** Every topic with its partition count, main topic first. */
    public static Map<String, Integer> partitions() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put(USERS_CREATED, USERS_CREATED_PARTITIONS);
        topics.put(USERS_CREATED_DLQ, USERS_CREATED_DLQ_PARTITIONS);
        return topics;
    }
}
