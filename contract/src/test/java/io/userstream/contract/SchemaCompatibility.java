package io.userstream.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * BACKWARD compatibility of two versions of the users_created schema, as the registry's rule means
 * it: every value the old schema accepts, the new one accepts too (so a consumer on the new schema
 * reads everything already on the topic). Conservative: a change it cannot prove harmless is
 * reported (a changed pattern, any other keyword changed), never waved through.
 *
 * <p>The rules, per JSON pointer of the schema tree ({@code $ref}s to {@code #/$defs/} followed):
 * the new {@code type} must allow every old type ({@code number} covers {@code integer}); no
 * property newly required; {@code pattern} and every other assertion unchanged or dropped; a
 * property newly declared (typed) where the old content model was open is breaking, since old
 * values could carry it with any value; {@code additionalProperties: false} must not appear.
 */
final class SchemaCompatibility {

    /** Keywords that only annotate: changing them changes no value's validity. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description",
            "examples", "$defs", "default", "deprecated", "readOnly", "writeOnly");

    private final JsonNode oldRoot;
    private final JsonNode newRoot;
    private final List<String> problems = new ArrayList<>();

    private SchemaCompatibility(JsonNode oldRoot, JsonNode newRoot) {
        this.oldRoot = oldRoot;
        this.newRoot = newRoot;
    }

    /** What makes {@code newer} not backward compatible with {@code older}; empty when it is. */
    static List<String> backwardProblems(JsonNode older, JsonNode newer) {
        SchemaCompatibility c = new SchemaCompatibility(older, newer);
        c.compare("", older, newer);
        return c.problems;
    }

    private void compare(String at, JsonNode o, JsonNode n) {
        o = resolve(oldRoot, o);
        n = resolve(newRoot, n);
        String where = at.isEmpty() ? "/" : at;
        if (isTrue(n)) {
            return;
        }
        if (isTrue(o)) {
            problems.add(where + ": was unconstrained, now constrained");
            return;
        }
        Set<String> oldTypes = types(o);
        Set<String> newTypes = types(n);
        if (newTypes != null) {
            Set<String> lost = new HashSet<>(oldTypes == null ? Set.of("any") : oldTypes);
            lost.removeAll(newTypes);
            if (newTypes.contains("number")) {
                lost.remove("integer");
            }
            if (!lost.isEmpty()) {
                problems.add(where + ": type no longer allows " + String.join(", ", new java.util.TreeSet<>(lost)));
            }
        }
        Set<String> oldRequired = strings(o.get("required"));
        for (String r : strings(n.get("required"))) {
            if (!oldRequired.contains(r)) {
                problems.add((at.isEmpty() ? "" : at) + "/" + r + ": newly required");
            }
        }
        if (n.path("additionalProperties").isBoolean() && !n.path("additionalProperties").asBoolean()
                && !(o.path("additionalProperties").isBoolean() && !o.path("additionalProperties").asBoolean())) {
            problems.add(where + ": additional properties no longer allowed");
        }
        JsonNode oldProps = o.path("properties");
        for (Iterator<String> it = n.path("properties").fieldNames(); it.hasNext(); ) {
            String p = it.next();
            String path = at + "/" + p;
            if (oldProps.has(p)) {
                compare(path, oldProps.get(p), n.get("properties").get(p));
            } else if (!isTrue(resolve(newRoot, n.get("properties").get(p)))) {
                problems.add(path + ": newly declared with constraints in an open content model (old values may carry it with any value)");
            }
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (ANNOTATIONS.contains(k) || k.equals("type") || k.equals("required") || k.equals("properties")
                    || k.equals("additionalProperties") || k.equals("$ref")) {
                continue;
            }
            if (!n.get(k).equals(o.get(k))) {
                problems.add(where + ": " + k + " " + (o.has(k) ? "changed" : "added") + " (" + n.get(k) + ")");
            }
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        while (node != null && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local $refs are supported: " + ref);
            }
            node = root.at(ref.substring(1));
        }
        return node;
    }

    private static boolean isTrue(JsonNode n) {
        return n == null || n.isBoolean() && n.asBoolean() || n.isObject() && n.isEmpty();
    }

    private static Set<String> types(JsonNode n) {
        JsonNode t = n.get("type");
        return t == null ? null : strings(t);
    }

    private static Set<String> strings(JsonNode n) {
        Set<String> s = new HashSet<>();
        if (n == null) {
            return s;
        }
        if (n.isTextual()) {
            s.add(n.asText());
        }
        n.forEach(e -> s.add(e.asText()));
        return s;
    }
}
