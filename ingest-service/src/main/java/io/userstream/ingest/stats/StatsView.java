package io.userstream.ingest.stats;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.userstream.contract.serving.ServingView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of GET /api/stats. */
@RegisterForReflection
@Schema(name = "Stats", description = "User counts of the serving view: the last batch run's aggregates plus the "
        + "speed layer's changes since. Each number is split into its batch and speed parts; total = batch + speed. "
        + "Equal to a direct count over spark_streams.created_users whenever the stream is idle.")
public record StatsView(
        @Schema(description = "When the last batch run started; null before the first run (then every number is speed)",
                nullable = true, example = "2026-12-03T02:00:00Z") Instant batchAsOf,
        @Schema(description = "Rows of created_users the last batch run read; null before the first run", nullable = true)
        Long batchRowsRead,
        @Schema(description = "All users") Count total,
        @Schema(description = "Users per nationality (the API's nat; 'unknown' when missing)") Map<String, Count> byNationality,
        @Schema(description = "Users per gender ('unknown' when missing)") Map<String, Count> byGender,
        @Schema(description = "Age distribution: users per birth decade from dob, e.g. '1980s' ('unknown' when missing)")
        Map<String, Count> byBirthDecade,
        @Schema(description = "Users per registration year (UTC) ('unknown' when missing)") Map<String, Count> byRegistrationYear) {

    @RegisterForReflection
    @Schema(name = "StatsCount", description = "One number and where it came from")
    public record Count(
            @Schema(description = "From the last batch run's aggregate tables") long batch,
            @Schema(description = "From the speed layer's per-micro-batch aggregates newer than that run (may be negative "
                    + "for a key users moved away from)") long speed,
            @Schema(description = "batch + speed") long total) {

        static Count of(ServingView.Split s) {
            return new Count(s.batch(), s.speed(), s.total());
        }
    }

    static StatsView of(ServingView.Stats s) {
        return new StatsView(s.batchRun().map(ServingView.BatchRun::asOf).orElse(null),
                s.batchRun().map(ServingView.BatchRun::rowsRead).orElse(null), Count.of(s.total()),
                counts(s.byNationality()), counts(s.byGender()), counts(s.byBirthDecade()), counts(s.byRegistrationYear()));
    }

    private static Map<String, Count> counts(Map<String, ServingView.Split> m) {
        Map<String, Count> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Count.of(v)));
        return out;
    }
}
