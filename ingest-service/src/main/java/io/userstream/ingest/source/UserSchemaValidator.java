package io.userstream.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.userstream.contract.UsersCreatedSchema;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks one result against the contract's {@code users_created} JSON Schema (draft 2020-12, with
 * networknt's validator) and words each violation as the JSON pointer of the value and the rule it
 * breaks: {@code schema: /email: expected string, got array}. The Spark job's checker words them
 * identically (the contract's examples hold both to it). Thread-safe: the compiled schema is shared.
 */
public final class UserSchemaValidator {

    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(UsersCreatedSchema.json());

    /** The reason the value breaks the schema, or empty when it is valid. */
    public Optional<String> violation(JsonNode value) {
        List<Error> errors = SCHEMA.validate(value);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> lines = new TreeSet<>();
        for (Error e : errors) {
            lines.add(describe(e));
        }
        return Optional.of(UsersCreatedSchema.REASON_PREFIX + String.join("; ", lines));
    }

    private static String describe(Error e) {
        String at = pointer(e.getInstanceLocation());
        return switch (e.getKeyword()) {
            case "type" -> at + ": expected " + expected(e.getSchemaNode()) + ", got " + jsonType(e.getInstanceNode());
            case "required" -> (at.equals("/") ? "" : at) + "/" + e.getProperty() + ": required property missing";
            case "pattern" -> at + ": does not match pattern " + e.getSchemaNode().asText();
            default -> at + ": " + e.getMessage();
        };
    }

    /** "string", "string or null", "integer, string or null". */
    static String expected(JsonNode type) {
        if (!type.isArray()) {
            return type.asText();
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < type.size(); i++) {
            if (i > 0) {
                s.append(i == type.size() - 1 ? " or " : ", ");
            }
            s.append(type.get(i).asText());
        }
        return s.toString();
    }

    static String jsonType(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        } else if (value.isObject()) {
            return "object";
        } else if (value.isArray()) {
            return "array";
        } else if (value.isTextual()) {
            return "string";
        } else if (value.isBoolean()) {
            return "boolean";
        } else if (value.isIntegralNumber()) {
            return "integer";
        }
        return "number";
    }

    private static String pointer(NodePath path) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            s.append('/').append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
        }
        return s.length() == 0 ? "/" : s.toString();
    }
}
