package io.userstream.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The secure mode of a local-stack (opt-in: without it both servers are open, as the other tests
 * expect): Kafka's client listener speaks SASL SCRAM-SHA-512 with one user per client, and Cassandra
 * runs PasswordAuthenticator and CassandraAuthorizer with an admin role of its own (the default
 * {@code cassandra} superuser is disabled) and, unless {@link #cassandraTls(boolean) turned off},
 * requires TLS on its CQL port ({@link CassandraTls}: client encryption, as the chart's production
 * profile has it).
 *
 * <p>Passwords are drawn at random (24 letters and digits, from {@link SecureRandom}) and kept in
 * {@code <data dir>/secrets/local-stack.properties}, a directory and file only their owner may read,
 * so that a restart of the same data finds them again; a fresh stack draws new ones. They are never
 * written to a log, a command line or an exception message by local-stack.
 */
public final class StackSecurity {

    /** The broker's admin (tools), always created beside the clients' users. */
    public static final String KAFKA_ADMIN = "admin";
    /** local-stack's Cassandra superuser; the default {@code cassandra} role loses its login. */
    public static final String CASSANDRA_ADMIN = "userstream_admin";
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";
    static final String CASSANDRA_DEFAULT_ROLE = "cassandra";

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 24;

    private final Set<String> kafkaUsers;
    private final Properties passwords = new Properties();
    private final SecureRandom random = new SecureRandom();
    private Path file;
    private boolean cassandraTls = true;

    private StackSecurity(Collection<String> kafkaUsers) {
        Set<String> users = new TreeSet<>(kafkaUsers);
        users.add(KAFKA_ADMIN);
        for (String user : users) {
            if (!user.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("local-stack: Kafka user name '" + user + "' must be letters, digits, _ . -");
            }
        }
        this.kafkaUsers = Set.copyOf(users);
    }

    /** Secure mode with these Kafka users (and {@value #KAFKA_ADMIN}). */
    public static StackSecurity withKafkaUsers(Collection<String> users) {
        return new StackSecurity(users);
    }

    /**
     * Cassandra client encryption (TLS required on the CQL port, a self-signed certificate drawn for
     * the stack): on by default in secure mode; off leaves logins and permissions only.
     */
    public StackSecurity cassandraTls(boolean on) {
        this.cassandraTls = on;
        return this;
    }

    public boolean cassandraTls() {
        return cassandraTls;
    }

    public Set<String> kafkaUsers() {
        return kafkaUsers;
    }

    /** The SCRAM password of a Kafka user this stack created. */
    public synchronized String kafkaPassword(String user) {
        if (!kafkaUsers.contains(user)) {
            throw new IllegalArgumentException("local-stack: no Kafka user '" + user + "' (users: " + kafkaUsers + ")");
        }
        return password("kafka." + user);
    }

    public synchronized String cassandraAdminPassword() {
        return password("cassandra." + CASSANDRA_ADMIN);
    }

    /**
     * A password for any other named secret of the run (e.g. a Cassandra application role), drawn
     * and stored like the servers' own.
     */
    public synchronized String password(String name) {
        String value = passwords.getProperty(name);
        if (value == null) {
            value = draw();
            passwords.setProperty(name, value);
            save();
        }
        return value;
    }

    /** Every password drawn so far: what a test scans logs for. */
    public synchronized List<String> allPasswords() {
        List<String> all = new ArrayList<>();
        passwords.stringPropertyNames().forEach(k -> all.add(passwords.getProperty(k)));
        return all;
    }

    /**
     * A file holding one password (owner-only, beside the passwords file), for an application's
     * {@code X_FILE} variable: the password stays out of its environment and command line, as a
     * mounted Secret keeps it on Kubernetes.
     */
    public synchronized Path passwordFile(String name) {
        if (file == null) {
            throw new IllegalStateException("local-stack: secure mode is not bound to a data directory yet");
        }
        Path target = file.resolveSibling(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".password");
        try {
            Files.deleteIfExists(target);
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(target, password(name));
        } catch (IOException e) {
            throw new UncheckedIOException("local-stack: cannot write " + target, e);
        }
        return target;
    }

    /** The file holding the passwords (owner-only). */
    public synchronized Path file() {
        return file;
    }

    /** Binds to {@code <dataDir>/secrets}: loads what is there, or starts empty when fresh. */
    synchronized void bind(Path dataDir, boolean fresh) {
        Path dir = dataDir.resolve("secrets");
        file = dir.resolve("local-stack.properties");
        try {
            if (fresh) {
                Files.deleteIfExists(file);
            }
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    passwords.load(in);
                }
            } else {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("local-stack: cannot use the secrets file " + file, e);
        }
        kafkaUsers.forEach(u -> password("kafka." + u));
        cassandraAdminPassword();
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                passwords.store(out, "local-stack secure mode: generated passwords, owner-only");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("local-stack: cannot write the secrets file " + file, e);
        }
    }

    private String draw() {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "StackSecurity[kafka users " + kafkaUsers + ", cassandra admin " + CASSANDRA_ADMIN
                + (cassandraTls ? ", cassandra TLS" : "") + "]";
    }
}
