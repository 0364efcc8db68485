package io.userstream.pipeline;

import org.springframework.security.crypto.bcrypt.BCrypt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ingest API's credentials on this machine: generated on the first start of `make run` (or of a
 * test's pipeline) under {@code <data dir>/ingest-api/}, reused after. The directory is 0700 and every
 * file 0600 (tightened again at each start). {@code <user>.password} holds a password for people and
 * scripts ({@code curl -u "operator:$(cat .run/ingest-api/operator.password)"}); {@code users} holds
 * only their bcrypt hashes and is what the service reads ({@code USERSTREAM_API_USERS_FILE}),
 * rewritten from the password files at each start, so a password edited by hand takes effect on the
 * next start. The one place the Java callers (tests, bench, chaos) get their credentials from.
 */
public final class IngestCredentials {

    /** May start runs and pause/resume, and read: what `make run`'s callers use. */
    public static final String OPERATOR = "operator";
    /** May only read. */
    public static final String READER = "reader";

    private static final Map<String, String> ROLES = Map.of(OPERATOR, "operator,reader", READER, "reader");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Map<String, String> passwords;

    private IngestCredentials(Path dir, Map<String, String> passwords) {
        this.dir = dir;
        this.passwords = Map.copyOf(passwords);
    }

    /** Reads the passwords under {@code dir}, creating what is missing; writes the users file the service reads. */
    public static IngestCredentials loadOrCreate(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, DIR);
            Map<String, String> passwords = new LinkedHashMap<>();
            StringBuilder users = new StringBuilder("# ingest API users (name:bcrypt-hash:roles), written by `make run` from the *.password files\n");
            for (String user : new String[] {OPERATOR, READER}) {
                Path file = dir.resolve(user + ".password");
                String password = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
                if (password.isEmpty()) {
                    password = generate();
                    writePrivate(file, password + "\n");
                }
                Files.setPosixFilePermissions(file, FILE);
                passwords.put(user, password);
                users.append(user).append(':').append(BCrypt.hashpw(password, BCrypt.gensalt(10))).append(':')
                        .append(ROLES.get(user)).append('\n');
            }
            writePrivate(dir.resolve("users"), users.toString());
            return new IngestCredentials(dir, passwords);
        } catch (IOException e) {
            throw new UncheckedIOException("ingest API credentials under " + dir, e);
        }
    }

    /** 24 random bytes, URL-safe Base64: 32 characters that need no quoting in a shell or a URL. */
    private static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Written to a 0600 file beside the target, then moved over it: never readable by others, not even briefly. */
    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(FILE));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public Path dir() {
        return dir;
    }

    /** What the service reads: {@code USERSTREAM_API_USERS_FILE}. */
    public Path usersFile() {
        return dir.resolve("users");
    }

    public Path passwordFile(String user) {
        return dir.resolve(user + ".password");
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no ingest API user " + user);
        }
        return password;
    }

    /** The {@code Authorization} header's value for HTTP Basic as {@code user}. */
    public String basicAuthorization(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8));
    }

    /** The credentials never print themselves. */
    @Override
    public String toString() {
        return "IngestCredentials[" + dir + "]";
    }
}
