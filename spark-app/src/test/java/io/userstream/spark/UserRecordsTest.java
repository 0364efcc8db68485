package io.userstream.spark;

import io.userstream.contract.ContractExamples;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.userstream.spark.TestUsers.json;
import static io.userstream.spark.TestUsers.map;
import static io.userstream.spark.TestUsers.sub;
import static io.userstream.spark.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

/** The transformation on small batch DataFrames shaped like the Kafka source's rows. */
class UserRecordsTest {

    static final StructType KAFKA_SCHEMA = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType)
            .add("timestampType", DataTypes.IntegerType);

    static final Timestamp KAFKA_TS = Timestamp.from(Instant.parse("2026-11-21T06:00:00.123Z"));

    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.session("user-records-test");
    }

    @AfterAll
    static void stopSpark() {
        TestSpark.stop(spark);
    }

    static Dataset<Row> kafka(String... values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            byte[] v = values[i] == null ? null : values[i].getBytes(StandardCharsets.UTF_8);
            rows.add(RowFactory.create(("k" + i).getBytes(StandardCharsets.UTF_8), v, "users_created", 2, 100L + i,
                    KAFKA_TS, 0));
        }
        return spark.createDataFrame(rows, KAFKA_SCHEMA);
    }

    static Row onlyUser(String value) {
        Dataset<Row> parsed = UserRecords.parse(kafka(value));
        assertThat(UserRecords.rejected(parsed).collectAsList()).isEmpty();
        List<Row> users = UserRecords.users(parsed).collectAsList();
        assertThat(users).hasSize(1);
        return users.get(0);
    }

    static Row onlyRejected(String value) {
        Dataset<Row> parsed = UserRecords.parse(kafka(value));
        assertThat(UserRecords.users(parsed).collectAsList()).isEmpty();
        List<Row> rejected = UserRecords.rejected(parsed).collectAsList();
        assertThat(rejected).hasSize(1);
        return rejected.get(0);
    }

    @Test
    void mapsACompleteUserToTheTableColumns() {
        UUID id = UUID.fromString("7a0eed16-9430-4d68-901f-c0d4c1c3bf00");
        Row r = onlyUser(json(id, "Mia", "Krüger"));

        assertThat(r.schema().fieldNames()).containsExactlyElementsOf(UserRecords.USER_COLUMNS);
        assertThat(r.<String>getAs("id")).isEqualTo(id.toString());
        assertThat(r.<String>getAs("first_name")).isEqualTo("Mia");
        assertThat(r.<String>getAs("last_name")).isEqualTo("Krüger");
        assertThat(r.<String>getAs("gender")).isEqualTo("female");
        assertThat(r.<String>getAs("address")).isEqualTo("4512 Lindenstraße, Wolfenbüttel, Niedersachsen, Germany");
        assertThat(r.<String>getAs("post_code")).isEqualTo("38302");
        assertThat(r.<String>getAs("email")).isEqualTo("mia.krüger@example.com");
        assertThat(r.<String>getAs("username")).isEqualTo("user7a0eed16");
        assertThat(r.<Timestamp>getAs("dob").toInstant()).isEqualTo(Instant.parse("1993-07-20T09:44:18.674Z"));
        assertThat(r.<Timestamp>getAs("registered_date").toInstant()).isEqualTo(Instant.parse("2015-05-27T06:04:40.219Z"));
        assertThat(r.<String>getAs("phone")).isEqualTo("0581-1234567");
        assertThat(r.<String>getAs("picture")).isEqualTo("https://randomuser.me/api/portraits/women/1.jpg");
        assertThat(r.<String>getAs("nationality")).isEqualTo("DE");
        assertThat(r.<Timestamp>getAs("ingested_at")).isEqualTo(KAFKA_TS);
    }

    @Test
    void idIsLoginUuidSoTheSameRecordTwiceIsTheSameRow() {
        UUID id = UUID.randomUUID();
        String value = json(id, "Anna", "Berg");
        List<Row> users = UserRecords.users(UserRecords.parse(kafka(value, value))).collectAsList();
        assertThat(users).extracting(r -> r.<String>getAs("id")).containsExactly(id.toString(), id.toString());
    }

    @Test
    void upperCaseUuidIsNormalised() {
        UUID id = UUID.randomUUID();
        Map<String, Object> u = user(id, "Anna", "Berg");
        sub(u, "login").put("uuid", id.toString().toUpperCase());
        assertThat(onlyUser(json(u)).<String>getAs("id")).isEqualTo(id.toString());
    }

    @Test
    void postcodeAsString() {
        Map<String, Object> u = user(UUID.randomUUID(), "Oliver", "Smith");
        sub(u, "location").put("postcode", "FK7 9JQ");
        assertThat(onlyUser(json(u)).<String>getAs("post_code")).isEqualTo("FK7 9JQ");
    }

    @ParameterizedTest
    @CsvSource({
            "Persian, ریحانه, کامروا",
            "Cyrillic, Ярослав, Кравченко",
            "accented Latin, Hélène, Lefèvre",
            "accented Latin 2, Çağan, Öztürk"})
    void unicodeNamesSurviveUnchanged(String script, String first, String last) {
        Row r = onlyUser(json(UUID.randomUUID(), first, last));
        assertThat(r.<String>getAs("first_name")).as(script).isEqualTo(first);
        assertThat(r.<String>getAs("last_name")).as(script).isEqualTo(last);
    }

    @Test
    void optionalFieldsMayBeNullOrAbsent() {
        Map<String, Object> u = user(UUID.randomUUID(), "Lee", "Wong");
        u.put("gender", null);
        u.remove("phone");
        u.put("picture", null);
        u.remove("dob");
        sub(u, "registered").put("date", null);
        u.put("nat", null);
        u.put("location", map("street", map("number", null, "name", null), "city", "Perth", "state", null,
                "country", "Australia", "postcode", null));
        Row r = onlyUser(json(u));
        assertThat(r.<String>getAs("gender")).isNull();
        assertThat(r.<String>getAs("phone")).isNull();
        assertThat(r.<String>getAs("picture")).isNull();
        assertThat(r.<Timestamp>getAs("dob")).isNull();
        assertThat(r.<Timestamp>getAs("registered_date")).isNull();
        assertThat(r.<String>getAs("nationality")).isNull();
        assertThat(r.<String>getAs("post_code")).isNull();
        assertThat(r.<String>getAs("address")).isEqualTo("Perth, Australia");
    }

    @Test
    void noLocationAtAllGivesNullAddress() {
        Map<String, Object> u = user(UUID.randomUUID(), "Lee", "Wong");
        u.remove("location");
        assertThat(onlyUser(json(u)).<String>getAs("address")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "this is not json|not JSON",
            "{\"login\": {\"uuid\": |not JSON",
            "{\"a\": 1} trailing|not JSON",
            "[1, 2, 3]|schema: /: expected object, got array",
            "42|schema: /: expected object, got integer",
            "'   '|empty value",
            "{}|schema: /email: required property missing; /login: required property missing; /name: required property missing"})
    void rejectsWithReason(String value, String reason) {
        Row r = onlyRejected(value);
        assertThat(r.schema().fieldNames()).containsExactlyElementsOf(UserRecords.REJECTED_COLUMNS);
        assertThat(r.<String>getAs("reason")).isEqualTo(reason);
        assertThat(r.<String>getAs("raw_value")).isEqualTo(value);
        assertThat(r.<String>getAs("topic")).isEqualTo("users_created");
        assertThat(r.<Integer>getAs("partition")).isEqualTo(2);
        assertThat(r.<Long>getAs("offset")).isEqualTo(100L);
        assertThat(r.<String>getAs("kafka_key")).isEqualTo("k0");
        assertThat(r.<Timestamp>getAs("kafka_timestamp")).isEqualTo(KAFKA_TS);
        assertThat(r.<Timestamp>getAs("rejected_at")).isNotNull();
    }

    @Test
    void rejectsANullValue() {
        Row r = onlyRejected(null);
        assertThat(r.<String>getAs("reason")).isEqualTo("empty value");
        assertThat(r.<String>getAs("raw_value")).isNull();
    }

    @Test
    void rejectsMissingLoginUuid() {
        Map<String, Object> u = user(UUID.randomUUID(), "Lee", "Wong");
        sub(u, "login").remove("uuid");
        assertThat(onlyRejected(json(u)).<String>getAs("reason")).isEqualTo("schema: /login/uuid: required property missing");
    }

    @ParameterizedTest
    @CsvSource({"not-a-uuid", "7a0eed16-9430-4d68-901f", "7a0eed16-9430-4d68-901f-c0d4c1c3bf00-ff", "12345"})
    void rejectsInvalidLoginUuid(String uuid) {
        Map<String, Object> u = user(UUID.randomUUID(), "Lee", "Wong");
        sub(u, "login").put("uuid", uuid);
        assertThat(onlyRejected(json(u)).<String>getAs("reason")).isEqualTo("schema: /login/uuid: does not match pattern "
                + "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    }

    @Test
    void aLoginUuidThatIsANumberIsAWrongTypeNotAMissingOne() {
        Map<String, Object> u = user(UUID.randomUUID(), "Lee", "Wong");
        sub(u, "login").put("uuid", 12345);
        assertThat(onlyRejected(json(u)).<String>getAs("reason")).isEqualTo("schema: /login/uuid: expected string, got integer");
    }

    @Test
    void aWrongTypedFieldIsRejectedNeverARow() {
        Map<String, Object> emailArray = user(UUID.randomUUID(), "Lee", "Wong");
        emailArray.put("email", List.of("lee.wong@example.com"));
        Map<String, Object> nameString = user(UUID.randomUUID(), "Lee", "Wong");
        nameString.put("name", "Lee Wong");
        Map<String, Object> postcodeObject = user(UUID.randomUUID(), "Lee", "Wong");
        sub(postcodeObject, "location").put("postcode", map("code", "FK7"));
        Dataset<Row> parsed = UserRecords.parse(kafka(json(emailArray), json(nameString), json(postcodeObject)));

        assertThat(UserRecords.users(parsed).collectAsList()).isEmpty();
        assertThat(UserRecords.rejected(parsed).collectAsList()).extracting(r -> r.<String>getAs("reason")).containsExactly(
                "schema: /email: expected string, got array",
                "schema: /name: expected object, got string",
                "schema: /location/postcode: expected integer, string or null, got object");
    }

    /**
     * The contract's examples, in one batch each: every invalid one rejected with the contract's reason
     * (word for word the ingest service's), every valid one a row.
     */
    @Test
    void everyViolationOfTheContractIsRejectedWithTheContractsReason() {
        List<ContractExamples.Case> cases = ContractExamples.invalid();
        Dataset<Row> parsed = UserRecords.parse(kafka(cases.stream().map(c -> c.value().toString()).toArray(String[]::new)));

        assertThat(UserRecords.users(parsed).collectAsList()).isEmpty();
        Map<Long, String> reasonByOffset = new java.util.HashMap<>();
        UserRecords.rejected(parsed).collectAsList().forEach(r -> reasonByOffset.put(r.<Long>getAs("offset"), r.<String>getAs("reason")));
        for (int i = 0; i < cases.size(); i++) {
            assertThat(reasonByOffset.get(100L + i)).as(cases.get(i).name()).isEqualTo(cases.get(i).reason());
        }
    }

    @Test
    void everyQuirkOfTheContractBecomesARow() {
        List<ContractExamples.Case> cases = ContractExamples.valid();
        Dataset<Row> parsed = UserRecords.parse(kafka(cases.stream().map(c -> c.value().toString()).toArray(String[]::new)));

        assertThat(UserRecords.rejected(parsed).collectAsList()).isEmpty();
        assertThat(UserRecords.users(parsed).collectAsList()).hasSize(cases.size());
    }

    @Test
    void rejectsMissingRequiredFieldsNamingThem() {
        Map<String, Object> u = user(UUID.randomUUID(), "Lee", "Wong");
        sub(u, "name").remove("first");
        u.put("email", "  ");
        assertThat(onlyRejected(json(u)).<String>getAs("reason"))
                .isEqualTo("schema: /email: does not match pattern \\S; /name/first: required property missing");
    }

    @ParameterizedTest
    @CsvSource({"name.last", "login.username", "email", "name.first"})
    void everyRequiredFieldIsChecked(String path) {
        Map<String, Object> u = user(UUID.randomUUID(), "Lee", "Wong");
        String[] p = path.split("\\.");
        if (p.length == 1) {
            u.put(p[0], null);
        } else {
            sub(u, p[0]).put(p[1], null);
        }
        assertThat(onlyRejected(json(u)).<String>getAs("reason"))
                .isEqualTo("schema: /" + path.replace('.', '/') + ": expected string, got null");
    }

    @Test
    void aMixedBatchSplitsIntoUsersAndRejects() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Dataset<Row> parsed = UserRecords.parse(kafka(json(a, "A", "A"), "garbage", json(b, "B", "B"), "{}"));
        assertThat(UserRecords.users(parsed).collectAsList()).extracting(r -> r.<String>getAs("id"))
                .containsExactly(a.toString(), b.toString());
        assertThat(UserRecords.rejected(parsed).collectAsList()).extracting(r -> r.<Long>getAs("offset"))
                .containsExactly(101L, 103L);
    }

    @Test
    void everyValidRowIsWrittenWithItsRecordTimeSoTheNewestOfAnIdHasTheHighestWriteTime() {
        UUID id = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Timestamp later = Timestamp.from(Instant.parse("2026-11-21T06:00:01.500Z"));
        List<Row> rows = List.of(
                RowFactory.create(bytes(id.toString()), bytes(json(id, "Newest", "Name")), "users_created", 1, 7L, later, 0),
                RowFactory.create(bytes(other.toString()), bytes(json(other, "Only", "One")), "users_created", 0, 3L, KAFKA_TS, 0),
                RowFactory.create(bytes(id.toString()), bytes(json(id, "Oldest", "Name")), "users_created", 1, 5L, KAFKA_TS, 0),
                RowFactory.create(bytes(id.toString()), bytes(json(id, "Middle", "Name")), "users_created", 1, 6L, KAFKA_TS, 0));
        // One task per row, in an order where the newest record comes first: what minPartitions may do.
        Dataset<Row> kafka = spark.createDataFrame(rows, KAFKA_SCHEMA).repartition(4);

        List<Row> out = UserRecords.usersToWrite(UserRecords.parse(kafka)).collectAsList();

        // Cassandra keeps the cells of the highest write time: that must be the newest record's.
        assertThat(out).extracting(r -> r.<String>getAs("id"))
                .containsExactlyInAnyOrder(id.toString(), id.toString(), id.toString(), other.toString());
        Row newest = out.stream().filter(r -> r.<String>getAs("id").equals(id.toString()))
                .max(java.util.Comparator.comparingLong(r -> r.<Long>getAs(UserRecords.WRITE_TIME))).orElseThrow();
        assertThat(newest.<String>getAs("first_name")).isEqualTo("Newest");
        assertThat(newest.<Long>getAs(UserRecords.WRITE_TIME)).isEqualTo(later.getTime() * 1000 + 7);
        assertThat(out.stream().filter(r -> r.<String>getAs("id").equals(id.toString()))
                .map(r -> r.<Long>getAs(UserRecords.WRITE_TIME)).distinct().count()).isEqualTo(3);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
