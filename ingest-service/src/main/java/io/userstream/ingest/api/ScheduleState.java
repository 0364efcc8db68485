package io.userstream.ingest.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whether the schedule is paused, and what a tick does. */
@RegisterForReflection
public record ScheduleState(boolean paused, String every, int batchSize, String source) {
}
