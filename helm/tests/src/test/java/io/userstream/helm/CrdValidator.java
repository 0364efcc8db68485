package io.userstream.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Validates custom resources against the openAPIV3Schema of their CRD (from `make crds`, in
 * `.crds/`), with the OpenAPI 3.0 dialect. The schemas are made strict first: every object schema
 * that lists `properties` and neither allows extra ones nor preserves unknown fields gets
 * `additionalProperties: false`, which is what the API server does by pruning, but as an error.
 */
final class CrdValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    /** Schemas by "group/version Kind". */
    private final Map<String, Schema> schemas;

    private CrdValidator(Map<String, Schema> schemas) {
        this.schemas = schemas;
    }

    private static CrdValidator instance;

    /** Loads every CRD in `.crds/` once per test JVM. */
    static synchronized CrdValidator load() {
        if (instance == null) {
            instance = new CrdValidator(readAll(Chart.CRDS));
        }
        return instance;
    }

    boolean knows(Manifests.Resource resource) {
        return schemas.containsKey(key(resource.apiVersion(), resource.kind()));
    }

    List<String> validate(Manifests.Resource resource) {
        Schema schema = schemas.get(key(resource.apiVersion(), resource.kind()));
        if (schema == null) {
            return List.of("no CRD for " + resource.apiVersion() + " " + resource.kind() + " in " + Chart.CRDS);
        }
        JsonNode instance = JSON.valueToTree(resource.body());
        return schema.validate(instance).stream().map(Object::toString).toList();
    }

    private static Map<String, Schema> readAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("CRDs not found in " + dir + ": run `make crds` (CRDS_DIR=<dir> to copy them)");
        }
        Map<String, Schema> schemas = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                readCrd(file, schemas);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (schemas.isEmpty()) {
            throw new IllegalStateException("no CRDs in " + dir + ": run `make crds`");
        }
        return schemas;
    }

    private static void readCrd(Path file, Map<String, Schema> schemas) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : Manifests.yaml(16 * 1024 * 1024).loadAll(reader)) {
                JsonNode crd = JSON.valueToTree(document);
                if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    if (!version.path("served").asBoolean()) {
                        continue;
                    }
                    JsonNode openApi = version.path("schema").path("openAPIV3Schema").deepCopy();
                    strict(openApi);
                    schemas.put(key(group + "/" + version.path("name").asText(), kind), REGISTRY.getSchema(openApi));
                }
            }
        }
    }

    /** Closes every object schema that lists its properties, recursively through properties and items. */
    static void strict(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.has("properties")
                && !schema.has("additionalProperties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            schema.put("additionalProperties", false);
        }
        schema.path("properties").forEach(CrdValidator::strict);
        strict(schema.get("items"));
        strict(schema.get("additionalProperties"));
        // allOf/anyOf/oneOf branches are left open: CRDs use them as constraints that name a subset
        // of the properties (Strimzi's "one of these fields"); closing them would reject valid input.
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }
}
