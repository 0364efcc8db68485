package io.userstream.ingest.stats;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.serving.ServingView;
import io.userstream.contract.serving.ServingView.BatchRow;
import io.userstream.contract.serving.ServingView.BatchRun;
import io.userstream.contract.serving.ServingView.SpeedRow;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the batch view (the last batch run and its aggregate tables) and the speed layer's rows,
 * and combines them by contract's {@link ServingView} rule. The speed rows are read after the run,
 * so a batch run finishing in between (it deletes the rows it covers) loses nothing: at worst this
 * read sees rows the run already covers, which the rule leaves out by their seq.
 */
@ApplicationScoped
public class StatsRepository {

    private static final String K = CassandraSchema.KEYSPACE + ".";

    private final QuarkusCqlSession session;

    public StatsRepository(QuarkusCqlSession session) {
        this.session = session;
    }

    public ServingView.Stats read() {
        Row last = session.execute("SELECT as_of, covers_seq, rows_read FROM " + K + CassandraSchema.BATCH_RUNS_TABLE
                + " WHERE job = 'users' ORDER BY as_of DESC LIMIT 1").one();
        Optional<BatchRun> run = Optional.ofNullable(last).map(r -> new BatchRun(r.getInstant(0), r.getLong(1), r.getLong(2)));
        List<BatchRow> batch = new ArrayList<>();
        if (run.isPresent()) {
            for (Row r : session.execute("SELECT ingest_day, nationality, gender, users FROM " + K + CassandraSchema.BY_DAY_TABLE)) {
                batch.add(new BatchRow(ServingView.DAY, ServingView.dayKey(r.getString(0), r.getString(1), r.getString(2)),
                        r.getLong(3)));
            }
            for (Row r : session.execute("SELECT nationality, birth_decade, users FROM " + K + CassandraSchema.BY_BIRTH_DECADE_TABLE)) {
                batch.add(new BatchRow(ServingView.BIRTH_DECADE, ServingView.birthDecadeKey(r.getString(0), r.getString(1)),
                        r.getLong(2)));
            }
            for (Row r : session.execute("SELECT registered_year, users FROM " + K + CassandraSchema.BY_REGISTRATION_YEAR_TABLE)) {
                batch.add(new BatchRow(ServingView.REGISTRATION_YEAR, r.getString(0), r.getLong(1)));
            }
        }
        List<SpeedRow> speed = new ArrayList<>();
        long covers = run.map(BatchRun::coversSeq).orElse(0L);
        for (Row r : session.execute(session.prepare("SELECT seq, dimension, key, prior_seq, users FROM " + K
                + CassandraSchema.SPEED_TABLE + " WHERE stream = 'users' AND seq > ?").bind(covers))) {
            speed.add(new SpeedRow(r.getLong(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
        }
        return ServingView.combine(run, batch, speed);
    }
}
