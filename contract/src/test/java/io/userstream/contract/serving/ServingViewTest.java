package io.userstream.contract.serving;

import io.userstream.contract.serving.ServingView.BatchRow;
import io.userstream.contract.serving.ServingView.BatchRun;
import io.userstream.contract.serving.ServingView.SpeedRow;
import io.userstream.contract.serving.ServingView.Split;
import io.userstream.contract.serving.ServingView.Stats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.userstream.contract.serving.ServingView.ADDED;
import static io.userstream.contract.serving.ServingView.BIRTH_DECADE;
import static io.userstream.contract.serving.ServingView.DAY;
import static io.userstream.contract.serving.ServingView.birthDecadeKey;
import static io.userstream.contract.serving.ServingView.dayKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServingViewTest {

    static final BatchRun RUN = new BatchRun(Instant.parse("2026-12-03T02:00:00Z"), 100, 5);

    @Test
    void batchPlusTheSpeedRowsNewerThanTheRun() {
        List<BatchRow> batch = List.of(
                new BatchRow(DAY, dayKey("2026-12-02", "DE", "female"), 3),
                new BatchRow(DAY, dayKey("2026-12-02", "FR", "male"), 2),
                new BatchRow(BIRTH_DECADE, birthDecadeKey("DE", "1990s"), 3),
                new BatchRow(BIRTH_DECADE, birthDecadeKey("FR", "1980s"), 2));
        List<SpeedRow> speed = List.of(
                // covered by the run: ignored
                new SpeedRow(90, DAY, dayKey("2026-12-02", "DE", "female"), ADDED, 3),
                // newer: one new French man...
                new SpeedRow(110, DAY, dayKey("2026-12-03", "FR", "male"), ADDED, 1),
                new SpeedRow(110, BIRTH_DECADE, birthDecadeKey("FR", "1980s"), ADDED, 1),
                // ...and a German woman of the run re-sent a day later: moved from one day to the next
                new SpeedRow(120, DAY, dayKey("2026-12-03", "DE", "female"), ADDED, 1),
                new SpeedRow(120, DAY, dayKey("2026-12-02", "DE", "female"), 90, -1),
                // the French man of 110 re-sent in 130: replaced by himself
                new SpeedRow(130, DAY, dayKey("2026-12-03", "FR", "male"), ADDED, 1),
                new SpeedRow(130, DAY, dayKey("2026-12-03", "FR", "male"), 110, -1));

        Stats stats = ServingView.combine(Optional.of(RUN), batch, speed);

        assertThat(stats.total()).isEqualTo(new Split(5, 1));
        assertThat(stats.byNationality()).containsExactly(
                java.util.Map.entry("DE", new Split(3, 0)), java.util.Map.entry("FR", new Split(2, 1)));
        assertThat(stats.byGender()).containsExactly(
                java.util.Map.entry("female", new Split(3, 0)), java.util.Map.entry("male", new Split(2, 1)));
        assertThat(stats.byBirthDecade()).containsExactly(
                java.util.Map.entry("1980s", new Split(2, 1)), java.util.Map.entry("1990s", new Split(3, 0)));
        assertThat(stats.batchRun()).contains(RUN);
    }

    @Test
    void beforeTheFirstRunEverySpeedRowCounts() {
        List<SpeedRow> speed = List.of(
                new SpeedRow(10, DAY, dayKey("d", "DE", "male"), ADDED, 2),
                new SpeedRow(20, DAY, dayKey("d", "DE", "male"), 10, -1),
                new SpeedRow(20, DAY, dayKey("d", "DE", "male"), ADDED, 1),
                new SpeedRow(20, DAY, dayKey("d", "DE", "male"), 0, -1));
        Stats stats = ServingView.combine(Optional.empty(), List.of(), speed);
        assertThat(stats.total()).isEqualTo(new Split(0, 1));
        assertThat(stats.batchRun()).isEmpty();
    }

    @Test
    void keysWithNothingLeftAreLeftOutAndMissingPartsAreUnknown() {
        List<SpeedRow> speed = List.of(
                new SpeedRow(10, DAY, dayKey("d", null, "male"), ADDED, 1),
                new SpeedRow(20, DAY, dayKey("d", null, "male"), 10, -1),
                new SpeedRow(20, DAY, dayKey("d", "CH", "male"), ADDED, 1));
        Stats stats = ServingView.combine(Optional.empty(), List.of(), speed);
        assertThat(stats.byNationality()).containsOnlyKeys("CH");
        assertThat(dayKey(null, null, null)).isEqualTo("unknown|unknown|unknown");
    }

    @Test
    void aMalformedKeyFailsNamingIt() {
        assertThatThrownBy(() -> ServingView.combine(Optional.empty(), List.of(new BatchRow(DAY, "DE|male", 1)), List.of()))
                .hasMessageContaining("DE|male");
    }
}
