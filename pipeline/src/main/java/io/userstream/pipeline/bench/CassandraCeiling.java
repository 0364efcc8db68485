package io.userstream.pipeline.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.userstream.contract.CassandraSchema;
import io.userstream.localstack.CassandraNode;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * (b) of `make bench`: the raw write ceiling of this Cassandra, async prepared inserts of rows shaped
 * like the job's (same table definition, in a keyspace of its own), a fixed number in flight.
 */
final class CassandraCeiling {

    static final String KEYSPACE = "bench_raw";
    private static final int IN_FLIGHT = 256;

    private CassandraCeiling() {
    }

    /** Rows per second for {@code rows} inserts. */
    static double measure(CassandraNode cassandra, int rows) throws InterruptedException {
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(cassandra.host(), cassandra.port()))
                .withLocalDatacenter(cassandra.localDatacenter())
                .build()) {
            createTable(session);
            // binds below follow schema.cql's column order
            PreparedStatement insert = session.prepare(CassandraSchema.insertAll(CassandraSchema.USERS_TABLE));
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long start = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                inFlight.acquire();
                String first = "First" + random.nextInt(100_000);
                String last = "Last" + random.nextInt(100_000);
                CompletionStage<?> done = session.executeAsync(insert.bind(UUID.randomUUID(), first, last,
                        random.nextBoolean() ? "female" : "male",
                        random.nextInt(9999) + " Some Street Name, Springfield, Some State, Some Country",
                        String.valueOf(10_000 + random.nextInt(89_999)),
                        first.toLowerCase() + "." + last.toLowerCase() + "@example.com",
                        "user" + random.nextInt(1_000_000), Instant.ofEpochSecond(random.nextLong(0, 1_000_000_000L)),
                        Instant.ofEpochSecond(random.nextLong(1_000_000_000L, 1_700_000_000L)),
                        "(555)-" + random.nextInt(1000, 9999), "https://randomuser.me/api/portraits/women/"
                                + random.nextInt(99) + ".jpg", "US", Instant.now()));
                done.whenComplete((r, e) -> inFlight.release());
            }
            if (!inFlight.tryAcquire(IN_FLIGHT, 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw Cassandra inserts did not finish in 120 s");
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void createTable(CqlSession session) {
        List<String> statements = CassandraSchema.statements(CassandraSchema.simpleReplication(1));
        for (String statement : statements) {
            String mine = statement.replace(CassandraSchema.KEYSPACE, KEYSPACE);
            if (mine.contains(KEYSPACE + "." + CassandraSchema.USERS_TABLE) || mine.startsWith("CREATE KEYSPACE")) {
                session.execute(mine);
            }
        }
    }
}
