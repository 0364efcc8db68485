package io.userstream.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * users_created.examples.json, each case applied to the example record: the one reader of the
 * examples, shipped in contract's test-jar for spark-app's and ingest-service's tests.
 */
public final class ContractExamples {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** One case: a description, the value, and the reason expected (null for a valid value). */
    public record Case(String name, JsonNode value, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ContractExamples() {
    }

    private static JsonNode tree() {
        try {
            return JSON.readTree(UsersCreatedSchema.examplesJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example record (a fresh copy: callers may change it). */
    public static JsonNode example() {
        return tree().get("example");
    }

    /** The example with another login.uuid. */
    public static JsonNode exampleWithUuid(String uuid) {
        JsonNode e = example();
        ((ObjectNode) e.get("login")).put("uuid", uuid);
        return e;
    }

    public static List<Case> valid() {
        return cases("valid");
    }

    public static List<Case> invalid() {
        return cases("invalid");
    }

    private static List<Case> cases(String kind) {
        List<Case> out = new ArrayList<>();
        for (JsonNode c : tree().get(kind)) {
            JsonNode value = c.has("value") ? c.get("value") : example().deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("set").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                parent(value, e.getKey()).set(last(e.getKey()), e.getValue());
            }
            for (JsonNode pointer : c.path("remove")) {
                parent(value, pointer.asText()).remove(last(pointer.asText()));
            }
            String name = c.has("why") ? c.get("why").asText() : c.toString();
            out.add(new Case(name, value, c.has("reason") ? c.get("reason").asText() : null));
        }
        return out;
    }

    private static ObjectNode parent(JsonNode root, String pointer) {
        return (ObjectNode) root.at(pointer.substring(0, pointer.lastIndexOf('/')));
    }

    private static String last(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }
}
