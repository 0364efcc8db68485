package io.userstream.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Apicurio Registry's REST API v3, the two calls the ingest service makes: register a JSON Schema
 * as a version of an artifact ({@code ifExists=FIND_OR_CREATE_VERSION}: the same content again
 * finds the version it already is, new content becomes a new version and passes the artifact's
 * rules first) and make sure the artifact has a COMPATIBILITY rule. Plain JDK HTTP: no client
 * library (Apicurio's brings its own HTTP stack), and nothing reflective for the native image.
 */
public final class RegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The registry refused the schema (a rule violation or another 4xx): retrying will not help. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    private final URI api;
    private final HttpClient http;
    private final Duration timeout;

    /** {@code baseUrl}: the registry's address, e.g. {@code http://userstream-registry:8080}. */
    public RegistryClient(String baseUrl, Duration timeout) {
        this.api = URI.create(baseUrl.replaceAll("/+$", "") + "/apis/registry/v3/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Registers {@code schema} as version {@code version} of the artifact (or finds it); returns the version's global id. */
    public long register(String group, String artifactId, String version, String schema) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("artifactId", artifactId).put("artifactType", "JSON");
        ObjectNode first = body.putObject("firstVersion").put("version", version);
        first.putObject("content").put("content", schema).put("contentType", "application/json");
        JsonNode answer = post("groups/" + enc(group) + "/artifacts?ifExists=FIND_OR_CREATE_VERSION", body);
        JsonNode globalId = answer.path("version").path("globalId");
        if (!globalId.canConvertToLong()) {
            throw new IOException("registry answer without version.globalId: " + answer);
        }
        return globalId.asLong();
    }

    /** Adds the COMPATIBILITY rule to the artifact; an existing rule (409) is left as it is. */
    public void requireCompatibility(String group, String artifactId, String level) throws IOException, InterruptedException {
        ObjectNode rule = JSON.createObjectNode().put("ruleType", "COMPATIBILITY").put("config", level);
        try {
            post("groups/" + enc(group) + "/artifacts/" + enc(artifactId) + "/rules", rule);
        } catch (RefusedException e) {
            if (!e.getMessage().contains("HTTP 409")) {
                throw e;
            }
        }
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        URI uri = api.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        }
        String detail = "POST " + uri + " answered HTTP " + status + ": " + problem(response.body());
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new RefusedException(detail);
        }
        throw new IOException(detail);
    }

    /** The registry's problem details in one line: title, detail and, for a rule violation, its causes. */
    private static String problem(String body) {
        try {
            JsonNode p = JSON.readTree(body);
            StringBuilder s = new StringBuilder(p.path("title").asText(p.path("name").asText("")));
            if (p.hasNonNull("detail")) {
                s.append(" (").append(p.get("detail").asText()).append(')');
            }
            for (JsonNode cause : p.path("causes")) {
                s.append("; ").append(cause.path("context").asText()).append(": ").append(cause.path("description").asText());
            }
            return s.toString();
        } catch (IOException | RuntimeException notJson) {
            return body.length() > 500 ? body.substring(0, 500) : body;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
