package io.userstream.spark;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userstream.contract.UsersCreatedSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The contract's {@code users_created} JSON Schema, as the job uses it: the read schema for
 * {@code from_json} is generated from it ({@link #readSchema()}), and {@link #reason} checks a value
 * against it, wording each violation as the ingest service does ({@code schema: /email: expected
 * string, got array}). Spark's JSON reader turns a wrong-typed value into text or a null without a
 * word, so the check runs before it: a wrong-typed field never becomes a row.
 *
 * <p>The checker knows the keywords the contract uses ({@code type}, {@code properties},
 * {@code required}, {@code pattern}, local {@code $ref}, annotations); a schema with any other one
 * fails here at start-up (and in the tests) instead of being half enforced. It is written with the
 * Jackson Spark ships (no validator library: Spark pins its own Jackson).
 */
public final class UserContract implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A record that is not JSON at all (only that: a JSON value of the wrong shape is a schema violation). */
    public static final String NOT_JSON = "not JSON";
    /** A record without a value, or only blanks. */
    public static final String EMPTY = "empty value";

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description", "examples",
            "$defs", "default", "deprecated");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile UserContract instance;

    private final Node root;

    private UserContract(Node root) {
        this.root = root;
    }

    /** The contract of this build (compiled once per JVM). */
    public static UserContract get() {
        if (instance == null) {
            synchronized (UserContract.class) {
                if (instance == null) {
                    instance = compile(UsersCreatedSchema.json());
                }
            }
        }
        return instance;
    }

    /** Compiles a schema; throws naming the keyword and where it is when the schema uses one the checker does not know. */
    static UserContract compile(String schemaJson) {
        try {
            JsonNode schema = JSON.readTree(schemaJson);
            return new UserContract(node(schema, schema, "#"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Spark's read schema of a value: one field per property, objects as structs; a leaf of mixed types (postcode) as text. */
    public StructType readSchema() {
        return (StructType) root.sparkType();
    }

    /** Why the value cannot become a row (empty, not JSON, or its schema violations), or null when it can. */
    public String reason(String value) {
        if (value == null || value.isBlank()) {
            return EMPTY;
        }
        JsonNode tree;
        try (JsonParser p = JSON.getFactory().createParser(value)) {
            tree = JSON.readTree(p);
            if (tree == null || p.nextToken() != null) {
                return NOT_JSON;
            }
        } catch (IOException e) {
            return NOT_JSON;
        }
        TreeSet<String> violations = new TreeSet<>();
        root.check(tree, "", violations);
        return violations.isEmpty() ? null : UsersCreatedSchema.REASON_PREFIX + String.join("; ", violations);
    }

    private static Node node(JsonNode root, JsonNode schema, String where) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/") || schema.size() > 1) {
                throw unsupported("$ref " + ref + " (only a local $ref alone)", where);
            }
            where = ref;
            schema = root.at(ref.substring(1));
        }
        Node n = new Node();
        String at = where;
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            switch (k) {
                case "type" -> {
                    n.types = new LinkedHashSet<>();
                    if (v.isArray()) {
                        v.forEach(t -> n.types.add(t.asText()));
                    } else {
                        n.types.add(v.asText());
                    }
                }
                case "properties" -> {
                    n.properties = new LinkedHashMap<>();
                    v.fields().forEachRemaining(p -> n.properties.put(p.getKey(), node(root, p.getValue(), at + "/properties/" + p.getKey())));
                }
                case "required" -> v.forEach(r -> n.required.add(r.asText()));
                case "pattern" -> n.pattern = Pattern.compile(v.asText());
                default -> {
                    if (!ANNOTATIONS.contains(k)) {
                        throw unsupported("keyword " + k, at);
                    }
                }
            }
        }
        return n;
    }

    private static IllegalArgumentException unsupported(String what, String where) {
        return new IllegalArgumentException("users_created schema: " + what + " at " + where
                + " is not enforced by the Spark job's checker (io.userstream.spark.UserContract): add it there or leave it out");
    }

    /** One schema node, compiled. */
    private static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;

        Set<String> types;
        Map<String, Node> properties = Map.of();
        List<String> required = new ArrayList<>();
        Pattern pattern;

        void check(JsonNode value, String at, Set<String> out) {
            String where = at.isEmpty() ? "/" : at;
            String actual = jsonType(value);
            if (types != null && !types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
                out.add(where + ": expected " + expected() + ", got " + actual);
                return;
            }
            if (value.isObject()) {
                for (String r : required) {
                    if (!value.has(r)) {
                        out.add(at + "/" + r + ": required property missing");
                    }
                }
                properties.forEach((name, schema) -> {
                    if (value.has(name)) {
                        schema.check(value.get(name), at + "/" + name.replace("~", "~0").replace("/", "~1"), out);
                    }
                });
            } else if (value.isTextual() && pattern != null && !pattern.matcher(value.asText()).find()) {
                out.add(where + ": does not match pattern " + pattern.pattern());
            }
        }

        private String expected() {
            List<String> t = new ArrayList<>(types);
            return t.size() == 1 ? t.get(0) : String.join(", ", t.subList(0, t.size() - 1)) + " or " + t.get(t.size() - 1);
        }

        DataType sparkType() {
            Set<String> nonNull = new LinkedHashSet<>(types == null ? Set.of() : types);
            nonNull.remove("null");
            if (nonNull.equals(Set.of("object")) || (types == null && !properties.isEmpty())) {
                StructType s = new StructType();
                for (Map.Entry<String, Node> p : properties.entrySet()) {
                    s = s.add(p.getKey(), p.getValue().sparkType(), true);
                }
                return s;
            } else if (nonNull.equals(Set.of("integer"))) {
                return DataTypes.LongType;
            } else if (nonNull.equals(Set.of("number")) || nonNull.equals(Set.of("integer", "number"))) {
                return DataTypes.DoubleType;
            } else if (nonNull.equals(Set.of("boolean"))) {
                return DataTypes.BooleanType;
            }
            // strings, and mixed leaves (postcode: integer or string) read as their text
            return DataTypes.StringType;
        }

        private static String jsonType(JsonNode v) {
            if (v == null || v.isNull()) {
                return "null";
            } else if (v.isObject()) {
                return "object";
            } else if (v.isArray()) {
                return "array";
            } else if (v.isTextual()) {
                return "string";
            } else if (v.isBoolean()) {
                return "boolean";
            } else if (v.isIntegralNumber()) {
                return "integer";
            }
            return "number";
        }
    }
}
