package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * The analytics of created_users: {@code rows} rows read, {@code complete} when that was all of them
 * (else a sample of the first {@code sampleLimit} in token order, i.e. spread over ids). Delays are
 * Cassandra's write time of the row minus {@code ingested_at} (the Kafka timestamp), in ms.
 * {@code stale}: the last refresh failed ({@code error}) and this is the answer computed before;
 * {@code error} without {@code stale}: a note on an empty answer (no table yet).
 */
@RegisterForReflection
public record Analytics(Instant computedAt, boolean stale, String error, long rows, boolean complete, int sampleLimit, List<Count> nationality,
                        List<Count> gender, List<Count> ageBuckets, List<Count> registrationYears,
                        List<Count> rowsPerMinute, List<Count> delay, Long delayP50Ms, Long delayP95Ms,
                        List<LatestUser> latest) {

    Analytics stale(String why) {
        return new Analytics(computedAt, true, why, rows, complete, sampleLimit, nationality, gender, ageBuckets,
                registrationYears, rowsPerMinute, delay, delayP50Ms, delayP95Ms, latest);
    }
}
