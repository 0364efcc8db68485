package io.userstream.spark;

import io.userstream.contract.ContractExamples;
import io.userstream.contract.UsersCreatedSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read schema generated from the contract, and the checker's refusal of keywords it does not enforce. */
class UserContractTest {

    @Test
    void readSchemaIsGeneratedFromTheContract() {
        StructType read = UserContract.get().readSchema();

        assertThat(read.fieldNames()).containsExactly("gender", "name", "location", "email", "login", "dob", "registered",
                "phone", "cell", "id", "picture", "nat");
        StructType location = (StructType) read.apply("location").dataType();
        // postcode is a number for some nationalities, a string for others: read as its text
        assertThat(location.apply("postcode").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(((StructType) location.apply("street").dataType()).apply("number").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(((StructType) read.apply("dob").dataType()).apply("age").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(((StructType) read.apply("login").dataType()).fieldNames()).contains("uuid", "username");
        assertThat(read.apply("email").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(UserRecords.USER_JSON_SCHEMA).isEqualTo(read);
    }

    @Test
    void aSchemaWithAKeywordTheCheckerDoesNotEnforceIsRefused() {
        String withEnum = UsersCreatedSchema.json().replace("\"gender\": {\"type\": [\"string\", \"null\"]}",
                "\"gender\": {\"type\": [\"string\", \"null\"], \"enum\": [\"female\", \"male\", null]}");
        assertThat(withEnum).isNotEqualTo(UsersCreatedSchema.json());

        assertThatThrownBy(() -> UserContract.compile(withEnum)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyword enum at #/properties/gender is not enforced by the Spark job's checker");
    }

    @Test
    void notJsonOnlyForWhatDoesNotParse() {
        assertThat(UserContract.get().reason("<html>503</html>")).isEqualTo("not JSON");
        assertThat(UserContract.get().reason("{\"name\": \"Jennie\"")).isEqualTo("not JSON");
        assertThat(UserContract.get().reason("\"just a string\"")).isEqualTo("schema: /: expected object, got string");
        assertThat(UserContract.get().reason(ContractExamples.example().toString())).isNull();
    }
}
