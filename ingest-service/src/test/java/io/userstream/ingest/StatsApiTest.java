package io.userstream.ingest;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.userstream.contract.CassandraSchema;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.WireMockResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.userstream.ingest.testing.IngestTestSupport.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

/**
 * GET /api/stats over tables as the batch job and the speed layer leave them (their exactness
 * against real Spark is BatchLayerIT's): the split, the serving rule, and equality with a direct
 * count over created_users.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class StatsApiTest {

    static final String K = CassandraSchema.KEYSPACE + ".";
    static final long COVERS = 1_000;

    @Inject
    QuarkusCqlSession session;

    @BeforeEach
    void emptyLayers() {
        CassandraSchema.statements(CassandraSchema.simpleReplication(1)).forEach(session::execute);
        for (String t : List.of(CassandraSchema.USERS_TABLE, CassandraSchema.BY_DAY_TABLE, CassandraSchema.BY_BIRTH_DECADE_TABLE,
                CassandraSchema.BY_REGISTRATION_YEAR_TABLE, CassandraSchema.TOTALS_TABLE, CassandraSchema.BATCH_RUNS_TABLE,
                CassandraSchema.SPEED_TABLE)) {
            session.execute("TRUNCATE " + K + t);
        }
    }

    @Test
    void beforeAnyBatchRunEveryNumberIsSpeed() {
        user("DE", "female", "1990-01-01T00:00:00Z", "2015-01-01T00:00:00Z");
        speed(10, "day", "2026-12-01|DE|female", -1, 1);
        speed(10, "birth_decade", "DE|1990s", -1, 1);
        speed(10, "registered_year", "2015", -1, 1);

        JsonPath body = given().get("/api/stats").then().statusCode(200).body("batchAsOf", nullValue()).extract().jsonPath();

        assertThat(body.getMap("total")).isEqualTo(Map.of("batch", 0, "speed", 1, "total", 1));
        assertThat(counts(body)).isEqualTo(directCount());
    }

    @Test
    void batchViewPlusTheSpeedRowsNewerThanItsRunEqualsADirectCount() {
        // Three users the run covers...
        user("DE", "female", "1990-01-01T00:00:00Z", "2015-01-01T00:00:00Z");
        user("DE", "male", "1985-01-01T00:00:00Z", "2016-01-01T00:00:00Z");
        UUID resent = user("FR", "female", "1972-01-01T00:00:00Z", "2010-01-01T00:00:00Z");
        batchRun(Instant.parse("2026-12-03T02:00:00Z"), 3);
        batch(K + CassandraSchema.BY_DAY_TABLE, List.of("2026-12-01", "DE", "female"), 1);
        batch(K + CassandraSchema.BY_DAY_TABLE, List.of("2026-12-01", "DE", "male"), 1);
        batch(K + CassandraSchema.BY_DAY_TABLE, List.of("2026-12-01", "FR", "female"), 1);
        batch(K + CassandraSchema.BY_BIRTH_DECADE_TABLE, List.of("DE", "1990s"), 1);
        batch(K + CassandraSchema.BY_BIRTH_DECADE_TABLE, List.of("DE", "1980s"), 1);
        batch(K + CassandraSchema.BY_BIRTH_DECADE_TABLE, List.of("FR", "1970s"), 1);
        batch(K + CassandraSchema.BY_REGISTRATION_YEAR_TABLE, List.of("2015"), 1);
        batch(K + CassandraSchema.BY_REGISTRATION_YEAR_TABLE, List.of("2016"), 1);
        batch(K + CassandraSchema.BY_REGISTRATION_YEAR_TABLE, List.of("2010"), 1);
        // ...a micro-batch the run covers (left over, ignored)...
        speed(COVERS, "day", "2026-12-01|FR|female", -1, 1);
        // ...and two after it: a new Brazilian man, and the French woman re-sent as male a day later.
        user("BR", "male", "2001-01-01T00:00:00Z", "2020-01-01T00:00:00Z");
        speed(COVERS + 1, "day", "2026-12-02|BR|male", -1, 1);
        speed(COVERS + 1, "birth_decade", "BR|2000s", -1, 1);
        speed(COVERS + 1, "registered_year", "2020", -1, 1);
        session.execute("UPDATE " + K + CassandraSchema.USERS_TABLE + " SET gender = 'male' WHERE id = ?", resent);
        speed(COVERS + 2, "day", "2026-12-02|FR|male", -1, 1);
        speed(COVERS + 2, "day", "2026-12-01|FR|female", 7, -1);
        speed(COVERS + 2, "birth_decade", "FR|1970s", -1, 1);
        speed(COVERS + 2, "birth_decade", "FR|1970s", 7, -1);
        speed(COVERS + 2, "registered_year", "2010", -1, 1);
        speed(COVERS + 2, "registered_year", "2010", 7, -1);

        JsonPath body = given().get("/api/stats").then().statusCode(200)
                .body("batchAsOf", org.hamcrest.Matchers.equalTo("2026-12-03T02:00:00Z"))
                .body("batchRowsRead", org.hamcrest.Matchers.equalTo(3))
                .extract().jsonPath();

        assertThat(body.getMap("total")).isEqualTo(Map.of("batch", 3, "speed", 1, "total", 4));
        assertThat(body.getMap("byGender.female")).isEqualTo(Map.of("batch", 2, "speed", -1, "total", 1));
        assertThat(body.getMap("byGender.male")).isEqualTo(Map.of("batch", 1, "speed", 2, "total", 3));
        assertThat(body.getMap("byNationality.BR")).isEqualTo(Map.of("batch", 0, "speed", 1, "total", 1));
        assertThat(counts(body)).isEqualTo(directCount());
    }

    @Test
    void documentedInOpenApi() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/stats"))
                .body(containsString("StatsCount"))
                .body(containsString("byBirthDecade"));
    }

    // ---- helpers ----

    UUID user(String nationality, String gender, String dob, String registered) {
        UUID id = UUID.randomUUID();
        session.execute(session.prepare("INSERT INTO " + K + CassandraSchema.USERS_TABLE
                        + " (id, first_name, nationality, gender, dob, registered_date, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(id, "x", nationality, gender, Instant.parse(dob), Instant.parse(registered), Instant.parse("2026-12-01T10:00:00Z")));
        return id;
    }

    void batchRun(Instant asOf, long rowsRead) {
        session.execute(session.prepare("INSERT INTO " + K + CassandraSchema.BATCH_RUNS_TABLE
                + " (job, as_of, covers_seq, rows_read, users) VALUES ('users', ?, ?, ?, ?)").bind(asOf, COVERS, rowsRead, rowsRead));
    }

    void batch(String table, List<String> keys, long users) {
        String columns = switch (keys.size()) {
            case 3 -> "ingest_day, nationality, gender";
            case 2 -> "nationality, birth_decade";
            default -> "registered_year";
        };
        Object[] values = new Object[keys.size() + 1];
        for (int i = 0; i < keys.size(); i++) {
            values[i] = keys.get(i);
        }
        values[keys.size()] = users;
        session.execute(session.prepare("INSERT INTO " + table + " (" + columns + ", users) VALUES ("
                + "?, ".repeat(keys.size()) + "?)").bind(values));
    }

    void speed(long seq, String dimension, String key, long priorSeq, long users) {
        session.execute(session.prepare("INSERT INTO " + K + CassandraSchema.SPEED_TABLE
                + " (stream, seq, dimension, key, prior_seq, users) VALUES ('users', ?, ?, ?, ?, ?)")
                .bind(seq, dimension, key, priorSeq, users));
    }

    /** The API's totals as "dimension:key" -> total. */
    static Map<String, Long> counts(JsonPath body) {
        Map<String, Long> m = new TreeMap<>();
        m.put("total", body.getLong("total.total"));
        for (String dim : List.of("byNationality", "byGender", "byBirthDecade", "byRegistrationYear")) {
            Map<String, Map<String, Integer>> map = body.getMap(dim);
            map.forEach((k, v) -> m.put(dim + ":" + k, v.get("total").longValue()));
        }
        return m;
    }

    /** The same numbers counted over created_users. */
    Map<String, Long> directCount() {
        Map<String, Long> m = new TreeMap<>();
        for (Row r : session.execute("SELECT nationality, gender, dob, registered_date FROM " + K + CassandraSchema.USERS_TABLE)) {
            m.merge("total", 1L, Long::sum);
            m.merge("byNationality:" + r.getString(0), 1L, Long::sum);
            m.merge("byGender:" + r.getString(1), 1L, Long::sum);
            m.merge("byBirthDecade:" + (r.getInstant(2).atZone(ZoneOffset.UTC).getYear() / 10 * 10) + "s", 1L, Long::sum);
            m.merge("byRegistrationYear:" + r.getInstant(3).atZone(ZoneOffset.UTC).getYear(), 1L, Long::sum);
        }
        return m;
    }
}
