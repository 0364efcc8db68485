package io.userstream.ingest.dashboard;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.userstream.ingest.api.ScheduleState;
import io.userstream.ingest.run.RunView;

/**
 * Pipeline health: the schedule, the source's circuit (closed, open, half-open), the last run and the
 * Spark job's figures. (The page's "batch vs real time" panel reads GET /api/stats itself.)
 */
@RegisterForReflection
public record PipelineView(ScheduleState schedule, String circuit, RunView lastRun, int maxRunSize, SparkJobView job) {
}
