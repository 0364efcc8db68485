package io.userstream.ingest;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userstream.contract.CassandraSchema;
import io.userstream.ingest.testing.LocalStackResource;
import io.userstream.ingest.testing.WireMockResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static io.userstream.ingest.testing.IngestTestSupport.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** GET /api/users reads spark_streams.created_users through the Quarkus Cassandra client. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@QuarkusTestResource(WireMockResource.class)
class UserApiTest {

    static final UUID ID = UUID.fromString("c4168eac-84b8-46ea-b735-c9da9bfb97fd");

    @Inject
    QuarkusCqlSession session;

    @BeforeEach
    void schemaAndOneUser() {
        CassandraSchema.statements(CassandraSchema.simpleReplication(1)).forEach(session::execute);
        session.execute(session.prepare(CassandraSchema.insertAll(CassandraSchema.USERS_TABLE))
                .bind(ID, "نازنین زهرا", "احمدی", "female", "6212 میدان انقلاب, اصفهان, اصفهان, Iran", "98745",
                        "nznyn.hmdy@example.com", "crazyswan176", Instant.parse("1985-05-14T07:16:47.203Z"),
                        Instant.parse("2017-01-19T22:10:03.744Z"), "071-32451897",
                        "https://randomuser.me/api/portraits/women/44.jpg", "IR", Instant.parse("2026-11-21T06:00:00Z")));
    }

    @Test
    void readsAtLocalQuorumAsTheJobWrites() {
        // LOCAL_ONE (the driver's default) may ask a replica the job's LOCAL_QUORUM write skipped: a 404 for a committed row.
        assertThat(session.getContext().getConfig().getDefaultProfile()
                .getString(DefaultDriverOption.REQUEST_CONSISTENCY)).isEqualTo("LOCAL_QUORUM");
    }

    @Test
    void returnsAStoredUserById() {
        given().get("/api/users/" + ID).then().statusCode(200)
                .body("id", equalTo(ID.toString()))
                .body("firstName", equalTo("نازنین زهرا"))
                .body("postCode", equalTo("98745"))
                .body("nationality", equalTo("IR"))
                .body("dob", equalTo("1985-05-14T07:16:47.203Z"));
    }

    @Test
    void listsStoredUsers() {
        given().queryParam("limit", 10).get("/api/users").then().statusCode(200).body("id", hasItem(ID.toString()));
    }

    @Test
    void unknownIdIs404WithJsonError() {
        given().get("/api/users/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/json").body("error", containsString("no user with id"));
    }

    @Test
    void malformedIdIs400WithJsonError() {
        given().get("/api/users/not-a-uuid").then().statusCode(400)
                .contentType("application/json").body("error", containsString("id must be a UUID"));
    }

    @Test
    void limitOutOfRangeIs400() {
        given().queryParam("limit", 0).get("/api/users").then().statusCode(400);
    }
}
