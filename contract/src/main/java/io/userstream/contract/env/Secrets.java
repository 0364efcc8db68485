package io.userstream.contract.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for secrets, in both services: a secret {@code X} is given inline as {@code X} or as
 * the path of a mounted file in {@code X_FILE} (Strimzi's KafkaUser and K8ssandra's superuser
 * secrets arrive as files), never both: two sources that could disagree are refused, naming the
 * variable, instead of one silently winning. The file's content is stripped of surrounding whitespace
 * (a trailing newline is the usual accident).
 */
public final class Secrets {

    private Secrets() {
    }

    /** The secret's value, from {@code X} or {@code X_FILE}; empty when neither is set (blank counts as unset). */
    public static Optional<String> read(Map<String, String> env, EnvVar secret) {
        String fileVariable = secret.fileVariable();
        Optional<String> inline = nonBlank(env.get(secret.name()));
        Optional<String> file = nonBlank(env.get(fileVariable));
        if (inline.isPresent() && file.isPresent()) {
            throw new InvalidSettingException(secret.name(), "set either " + secret.name() + " or " + fileVariable + ", not both");
        }
        return file.map(path -> readFile(fileVariable, path)).or(() -> inline);
    }

    /** A file's content, stripped; an unreadable file fails naming the variable that pointed at it. */
    public static String readFile(String variable, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new InvalidSettingException(variable, "cannot read file " + path + ": " + e, e);
        }
    }

    static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(s -> !s.isEmpty());
    }
}
