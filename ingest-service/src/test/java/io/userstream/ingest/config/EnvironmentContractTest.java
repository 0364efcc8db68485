package io.userstream.ingest.config;

import io.userstream.contract.Topics;
import io.userstream.contract.env.CassandraClientTls;
import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.KafkaClientSecurity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service reads exactly the variables contract's {@link EnvVar} marks for it: the
 * {@code ${X:default}} expressions of application.properties, the secrets resolved by
 * SecretFilesConfigSource and the Kafka security and Cassandra TLS variables. The chart's test checks its side against
 * the same list, so a variable added here and not there (or the reverse) fails one of them.
 */
class EnvironmentContractTest {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    @Test
    void readsExactlyItsVariablesOfTheContract() throws IOException {
        Set<String> read = new TreeSet<>(expressions().keySet());
        for (EnvVar v : EnvVar.readBy(EnvVar.Reader.INGEST)) {
            if (v.secret()) {
                read.add(v.fileVariable()); // SecretFilesConfigSource resolves X_FILE into X
            }
        }
        KafkaClientSecurity.VARIABLES.forEach(v -> read.add(v.name()));
        CassandraClientTls.VARIABLES.forEach(v -> read.add(v.name())); // SecretFilesConfigSource: the driver's TLS
        read.add(EnvVar.KAFKA_SASL_PASSWORD.fileVariable());

        assertThat(read).isEqualTo(EnvVar.namesReadBy(EnvVar.Reader.INGEST));
    }

    @Test
    void topicDefaultsAreTheContractsTopics() throws IOException {
        Map<String, String> defaults = expressions();
        assertThat(defaults).containsEntry(EnvVar.USERSTREAM_TOPIC.name(), Topics.USERS_CREATED)
                .containsEntry(EnvVar.USERSTREAM_DLQ_TOPIC.name(), Topics.USERS_CREATED_DLQ);
    }

    /** Variable -> its default, from the non-profile lines of application.properties. */
    static Map<String, String> expressions() throws IOException {
        String text;
        try (InputStream in = EnvironmentContractTest.class.getResourceAsStream("/application.properties")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> found = new LinkedHashMap<>();
        text.lines().map(String::strip).filter(l -> !l.startsWith("#") && !l.startsWith("%")).forEach(line -> {
            Matcher m = EXPRESSION.matcher(line);
            while (m.find()) {
                found.put(m.group(1), m.group(2) == null ? "" : m.group(2));
            }
        });
        return found;
    }
}
