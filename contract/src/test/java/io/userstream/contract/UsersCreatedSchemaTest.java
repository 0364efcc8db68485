package io.userstream.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema against the API's documented format and every quirk we know, with a full draft
 * 2020-12 validator (the exact reason texts are checked where they are made: the ingest service and
 * the Spark job; here the paths they name).
 */
class UsersCreatedSchemaTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema SCHEMA = REGISTRY.getSchema(UsersCreatedSchema.json());

    static List<ContractExamples.Case> valid() {
        return ContractExamples.valid();
    }

    static List<ContractExamples.Case> invalid() {
        return ContractExamples.invalid();
    }

    @Test
    void isADraft202012SchemaWithItsVersion() throws Exception {
        JsonNode schema = ContractExamples.JSON.readTree(UsersCreatedSchema.json());
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(UsersCreatedSchema.ID).endsWith(":" + UsersCreatedSchema.VERSION);
        assertThat(RecordHeaders.CURRENT_SCHEMA_VERSION).isEqualTo(Integer.toString(UsersCreatedSchema.VERSION));

        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(schema)).isEmpty();
    }

    @Test
    void theDocumentedExampleIsValid() {
        assertThat(SCHEMA.validate(ContractExamples.example())).isEmpty();
    }

    @ParameterizedTest(name = "valid: {0}")
    @MethodSource("valid")
    void acceptsEveryQuirkOfTheApi(ContractExamples.Case c) {
        assertThat(SCHEMA.validate(c.value())).isEmpty();
    }

    @ParameterizedTest(name = "invalid: {0}")
    @MethodSource("invalid")
    void rejectsEachViolationAtThePathItsReasonNames(ContractExamples.Case c) {
        List<Error> errors = SCHEMA.validate(c.value());
        TreeSet<String> paths = new TreeSet<>();
        for (Error e : errors) {
            String at = pointer(e);
            paths.add("required".equals(e.getKeyword()) ? (at.equals("/") ? "" : at) + "/" + e.getProperty() : at);
        }
        assertThat(c.reason()).startsWith(UsersCreatedSchema.REASON_PREFIX);
        TreeSet<String> expected = new TreeSet<>(Arrays.stream(c.reason().substring(UsersCreatedSchema.REASON_PREFIX.length())
                .split("; ")).map(r -> r.substring(0, r.indexOf(": "))).toList());
        assertThat(paths).as(errors.toString()).isEqualTo(expected);
    }

    static String pointer(Error e) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < e.getInstanceLocation().getNameCount(); i++) {
            s.append('/').append(e.getInstanceLocation().getElement(i));
        }
        return s.length() == 0 ? "/" : s.toString();
    }
}
