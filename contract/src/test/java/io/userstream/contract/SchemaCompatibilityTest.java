package io.userstream.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compatibility check of `make test`: the schema is backward compatible with every released
 * version (src/test/resources/released/, one file per version, never edited), and a breaking change
 * is caught. On Kubernetes the registry enforces the same rule (COMPATIBILITY=BACKWARD).
 */
class SchemaCompatibilityTest {

    private static JsonNode current() throws Exception {
        return ContractExamples.JSON.readTree(UsersCreatedSchema.json());
    }

    private static JsonNode released(int version) throws Exception {
        try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/released/users_created.v" + version + ".schema.json")) {
            return in == null ? null : ContractExamples.JSON.readTree(in);
        }
    }

    @Test
    void currentSchemaIsBackwardCompatibleWithEveryReleasedVersion() throws Exception {
        assertThat(released(UsersCreatedSchema.VERSION))
                .as("released/users_created.v%d.schema.json: copy the schema there when its version changes", UsersCreatedSchema.VERSION)
                .isNotNull();
        assertThat(released(UsersCreatedSchema.VERSION))
                .as("a released version is never edited: bump UsersCreatedSchema.VERSION for a change")
                .isEqualTo(current());
        for (int v = 1; v <= UsersCreatedSchema.VERSION; v++) {
            assertThat(SchemaCompatibility.backwardProblems(released(v), current())).as("against v%d", v).isEmpty();
        }
    }

    @Test
    void breakingChangesAreCaught() throws Exception {
        assertBreaking(s -> types(s, "/properties/location/properties/postcode").remove(0), "/location/postcode: type no longer allows integer");
        assertBreaking(s -> ((ArrayNode) s.get("required")).add("gender"), "/gender: newly required");
        assertBreaking(s -> ((ObjectNode) s.at("/properties/phone")).put("pattern", "^\\+"), "/phone: pattern added");
        assertBreaking(s -> ((ObjectNode) s.at("/$defs/dateAndAge/properties/age")).put("type", "integer"), "/dob/age: type no longer allows null");
        assertBreaking(s -> ((ObjectNode) s.at("/properties/login/properties")).putObject("otp").put("type", "string"),
                "/login/otp: newly declared with constraints");
        assertBreaking(s -> ((ObjectNode) s).put("additionalProperties", false), "/: additional properties no longer allowed");
    }

    @Test
    void compatibleChangesPass() throws Exception {
        assertCompatible(s -> types(s, "/properties/email").add("null"));
        assertCompatible(s -> ((ArrayNode) s.at("/properties/login/required")).remove(1));
        assertCompatible(s -> ((ObjectNode) s.at("/properties/name/properties/first")).remove("pattern"));
        assertCompatible(s -> ((ObjectNode) s.at("/properties")).remove("cell"));
        assertCompatible(s -> ((ObjectNode) s).put("description", "reworded"));
        assertCompatible(s -> ((ObjectNode) s.at("/properties")).putObject("extra"));
    }

    private static ArrayNode types(JsonNode schema, String pointer) {
        ObjectNode node = (ObjectNode) schema.at(pointer);
        if (!node.get("type").isArray()) {
            String single = node.get("type").asText();
            node.putArray("type").add(single);
        }
        return (ArrayNode) node.get("type");
    }

    private static void assertBreaking(Consumer<JsonNode> change, String problem) throws Exception {
        JsonNode changed = current().deepCopy();
        change.accept(changed);
        List<String> problems = SchemaCompatibility.backwardProblems(current(), changed);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(problem));
    }

    private static void assertCompatible(Consumer<JsonNode> change) throws Exception {
        JsonNode changed = current().deepCopy();
        change.accept(changed);
        assertThat(SchemaCompatibility.backwardProblems(current(), changed)).isEmpty();
    }
}
