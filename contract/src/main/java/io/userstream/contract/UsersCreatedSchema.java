package io.userstream.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The contract of one {@code users_created} value: {@code users_created.schema.json} beside this
 * class (JSON Schema draft 2020-12) is the one source. The ingest service validates every result
 * against it before publishing and registers it in the schema registry; the Spark job derives its
 * read schema and its checks from it. {@code users_created.examples.json} holds the documented
 * example record and the cases both services must accept and reject (with the reason each gives).
 *
 * <p>This class only hands out the text: the contract module has no JSON library, so that Spark
 * (which pins its own Jackson) and Quarkus can both depend on it.
 */
public final class UsersCreatedSchema {

    /** Bumped on every change of the schema; ends its {@code $id} (a test holds them together). */
    public static final int VERSION = 1;
    /** The schema's {@code $id}. */
    public static final String ID = "urn:userstream:users_created:" + VERSION;
    /** Artifact id and group of the schema in the registry. */
    public static final String REGISTRY_ARTIFACT_ID = Topics.USERS_CREATED + "-value";
    public static final String REGISTRY_GROUP = "userstream";

    /** Prefix of every reason given for a value that breaks the schema: {@code schema: /email: expected string, got array}. */
    public static final String REASON_PREFIX = "schema: ";

    static final String SCHEMA_RESOURCE = "users_created.schema.json";
    static final String EXAMPLES_RESOURCE = "users_created.examples.json";

    private UsersCreatedSchema() {
    }

    /** The schema, as JSON text. */
    public static String json() {
        return resource(SCHEMA_RESOURCE);
    }

    /**
     * The examples, as JSON text: {@code example} (a valid record), {@code valid} and {@code invalid}
     * (each a change of the example by JSON pointer, {@code set} or {@code remove}; invalid ones with
     * the {@code reason} both services give).
     */
    public static String examplesJson() {
        return resource(EXAMPLES_RESOURCE);
    }

    private static String resource(String name) {
        try (InputStream in = UsersCreatedSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the contract jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
