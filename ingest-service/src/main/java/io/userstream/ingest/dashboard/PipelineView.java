package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.userstream.ingest.api.ScheduleState;
import io.userstream.ingest.run.RunView;

/**
 * Pipeline health: the schedule, the source's circuit (closed, open, half-open), the last run, the
 * Spark job's figures, and the serving view's parts (the batch layer does not exist yet).
 */
@RegisterForReflection
public record PipelineView(ScheduleState schedule, String circuit, RunView lastRun, int maxRunSize, SparkJobView job,
                           ServingView serving) {

    /** The batch and speed parts of the serving view; {@code batch} is null until a batch layer exists. */
    @RegisterForReflection
    public record ServingView(String batch, String speed, String note) {
    }
}
