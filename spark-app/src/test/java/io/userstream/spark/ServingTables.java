package io.userstream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.serving.ServingView;
import io.userstream.contract.serving.ServingView.BatchRow;
import io.userstream.contract.serving.ServingView.BatchRun;
import io.userstream.contract.serving.ServingView.SpeedRow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.userstream.spark.SpeedLayer.table;

/** For tests: the serving view read from the tables, and the same numbers counted directly over created_users. */
final class ServingTables {

    private ServingTables() {
    }

    static ServingView.Stats served(CqlSession s) {
        Row last = s.execute("SELECT as_of, covers_seq, rows_read FROM " + table(CassandraSchema.BATCH_RUNS_TABLE)
                + " WHERE job = 'users' ORDER BY as_of DESC LIMIT 1").one();
        Optional<BatchRun> run = Optional.ofNullable(last)
                .map(r -> new BatchRun(r.getInstant(0), r.getLong(1), r.getLong(2)));
        List<BatchRow> batch = new ArrayList<>();
        for (Row r : s.execute("SELECT ingest_day, nationality, gender, users FROM " + table(CassandraSchema.BY_DAY_TABLE))) {
            batch.add(new BatchRow(ServingView.DAY, ServingView.dayKey(r.getString(0), r.getString(1), r.getString(2)), r.getLong(3)));
        }
        for (Row r : s.execute("SELECT nationality, birth_decade, users FROM " + table(CassandraSchema.BY_BIRTH_DECADE_TABLE))) {
            batch.add(new BatchRow(ServingView.BIRTH_DECADE, ServingView.birthDecadeKey(r.getString(0), r.getString(1)), r.getLong(2)));
        }
        for (Row r : s.execute("SELECT registered_year, users FROM " + table(CassandraSchema.BY_REGISTRATION_YEAR_TABLE))) {
            batch.add(new BatchRow(ServingView.REGISTRATION_YEAR, r.getString(0), r.getLong(1)));
        }
        List<SpeedRow> speed = new ArrayList<>();
        for (Row r : s.execute("SELECT seq, dimension, key, prior_seq, users FROM " + table(CassandraSchema.SPEED_TABLE)
                + " WHERE stream = 'users'")) {
            speed.add(new SpeedRow(r.getLong(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
        }
        return ServingView.combine(run, batch, speed);
    }

    /** Totals per dimension, from either side: "total" -> n, "nationality:DE" -> n, ... */
    static Map<String, Long> totals(ServingView.Stats stats) {
        Map<String, Long> m = new TreeMap<>();
        m.put("total", stats.total().total());
        stats.byNationality().forEach((k, v) -> m.put("nationality:" + k, v.total()));
        stats.byGender().forEach((k, v) -> m.put("gender:" + k, v.total()));
        stats.byBirthDecade().forEach((k, v) -> m.put("birth_decade:" + k, v.total()));
        stats.byRegistrationYear().forEach((k, v) -> m.put("registered_year:" + k, v.total()));
        return m;
    }

    /** The oracle: every row of created_users counted in Java, no aggregate table involved. */
    static Map<String, Long> directCount(CqlSession s) {
        Map<String, Long> m = new TreeMap<>();
        for (Row r : s.execute("SELECT nationality, gender, dob, registered_date FROM "
                + table(CassandraSchema.USERS_TABLE))) {
            m.merge("total", 1L, Long::sum);
            m.merge("nationality:" + orUnknown(r.getString(0)), 1L, Long::sum);
            m.merge("gender:" + orUnknown(r.getString(1)), 1L, Long::sum);
            Instant dob = r.getInstant(2);
            m.merge("birth_decade:" + (dob == null ? ServingView.UNKNOWN : (utcYear(dob) / 10 * 10) + "s"), 1L, Long::sum);
            Instant registered = r.getInstant(3);
            m.merge("registered_year:" + (registered == null ? ServingView.UNKNOWN : Integer.toString(utcYear(registered))),
                    1L, Long::sum);
        }
        return m;
    }

    private static int utcYear(Instant t) {
        return t.atZone(ZoneOffset.UTC).getYear();
    }

    private static String orUnknown(String v) {
        return v == null ? ServingView.UNKNOWN : v;
    }
}
