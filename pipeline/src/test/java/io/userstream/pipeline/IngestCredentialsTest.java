package io.userstream.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `make run`'s API credentials: owner-only, generated once, reused, and the service's file holds only their hashes. */
class IngestCredentialsTest {

    @TempDir
    Path tmp;

    @Test
    void generatedOnceOwnerOnlyAndReused() throws Exception {
        Path dir = tmp.resolve("ingest-api");
        IngestCredentials first = IngestCredentials.loadOrCreate(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        for (String file : List.of("users", "operator.password", "reader.password")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)))).as(file).isEqualTo("rw-------");
        }
        String operator = first.password(IngestCredentials.OPERATOR);
        String reader = first.password(IngestCredentials.READER);
        assertThat(operator).hasSize(32).isNotEqualTo(reader);

        String users = Files.readString(first.usersFile());
        assertThat(users).doesNotContain(operator).doesNotContain(reader);
        List<String[]> lines = users.lines().filter(l -> !l.startsWith("#")).map(l -> l.split(":")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)[0]).isEqualTo("operator");
        assertThat(lines.get(0)[2]).isEqualTo("operator,reader");
        assertThat(BCrypt.checkpw(operator, lines.get(0)[1])).isTrue();
        assertThat(lines.get(1)[2]).isEqualTo("reader");
        assertThat(BCrypt.checkpw(reader, lines.get(1)[1])).isTrue();

        // loosened by someone: tightened again; the passwords are kept
        Files.setPosixFilePermissions(dir.resolve("operator.password"), PosixFilePermissions.fromString("rw-r--r--"));
        IngestCredentials second = IngestCredentials.loadOrCreate(dir);
        assertThat(second.password(IngestCredentials.OPERATOR)).isEqualTo(operator);
        assertThat(second.password(IngestCredentials.READER)).isEqualTo(reader);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("operator.password")))).isEqualTo("rw-------");
        assertThat(second.toString()).doesNotContain(operator);
        assertThat(second.basicAuthorization(IngestCredentials.READER)).startsWith("Basic ");
    }
}
