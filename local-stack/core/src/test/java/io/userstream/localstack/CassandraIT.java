package io.userstream.localstack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.userstream.localstack.junit.LocalStackTest;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** The node local-stack starts is a real Cassandra: keyspace, table, 1,000 writes, read back. */
@LocalStackTest
class CassandraIT {

    private static final int ROWS = 1_000;

    @Test
    void writesAndReadsBackEveryRow(CassandraNode cassandra) {
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(cassandra.host(), cassandra.port()))
                .withLocalDatacenter(cassandra.localDatacenter())
                .build()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS local_stack_it "
                    + "WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS local_stack_it.users (id uuid PRIMARY KEY, name text, n int)");

            PreparedStatement insert = session.prepare("INSERT INTO local_stack_it.users (id, name, n) VALUES (?, ?, ?)");
            Map<UUID, Integer> written = new HashMap<>();
            List<CompletionStage<?>> pending = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                UUID id = UUID.randomUUID();
                written.put(id, i);
                pending.add(session.executeAsync(insert.bind(id, "user " + i, i)));
            }
            pending.forEach(stage -> stage.toCompletableFuture().join());

            Map<UUID, Integer> read = new HashMap<>();
            for (Row row : session.execute("SELECT id, name, n FROM local_stack_it.users")) {
                read.put(row.getUuid("id"), row.getInt("n"));
                assertThat(row.getString("name")).isEqualTo("user " + row.getInt("n"));
            }
            assertThat(read).isEqualTo(written);
        }
    }
}
