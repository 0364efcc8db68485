package io.userstream.ingest.users;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.userstream.contract.CassandraSchema;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** Reads the users the Spark job wrote, through the Quarkus Cassandra client. */
@ApplicationScoped
public class UserRepository {

    static final String COLUMNS = String.join(", ", CassandraSchema.columns(CassandraSchema.USERS_TABLE));
    static final String TABLE = CassandraSchema.KEYSPACE + "." + CassandraSchema.USERS_TABLE;

    private final QuarkusCqlSession session;
    private volatile PreparedStatement byId;
    private volatile PreparedStatement some;

    public UserRepository(QuarkusCqlSession session) {
        this.session = session;
    }

    public Optional<UserRow> find(UUID id) {
        if (byId == null) {
            byId = session.prepare("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?");
        }
        return Optional.ofNullable(session.execute(byId.bind(id)).one()).map(UserRepository::toUser);
    }

    public List<UserRow> list(int limit) {
        if (some == null) {
            some = session.prepare("SELECT " + COLUMNS + " FROM " + TABLE + " LIMIT ?");
        }
        return StreamSupport.stream(session.execute(some.bind(limit)).spliterator(), false)
                .map(UserRepository::toUser).toList();
    }

    private static UserRow toUser(Row r) {
        return new UserRow(r.getUuid("id"), r.getString("first_name"), r.getString("last_name"), r.getString("gender"),
                r.getString("address"), r.getString("post_code"), r.getString("email"), r.getString("username"),
                r.getInstant("dob"), r.getInstant("registered_date"), r.getString("phone"), r.getString("picture"),
                r.getString("nationality"), r.getInstant("ingested_at"));
    }
}
