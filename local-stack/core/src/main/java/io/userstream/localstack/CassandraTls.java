package io.userstream.localstack;

import io.userstream.contract.env.EnvVar;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Client-to-node encryption of a secure local-stack's Cassandra (the one-machine twin of the chart's
 * K8ssandra {@code client_encryption_options}): the JDK's {@code keytool} draws a self-signed server
 * key pair for 127.0.0.1/localhost into {@code keystore.p12} and puts its certificate into the
 * clients' {@code truststore.jks}, both under {@code <node dir>/tls/} (directory 0700, files 0600),
 * with passwords drawn by {@link StackSecurity} (so a password scan covers them) and handed to
 * keytool as files, never on its command line.
 *
 * <p>Cassandra 5.0's yaml has no password-file option: a {@code keystore_password} there would put
 * the password into {@code cassandra.yaml}. So the node reads its key as PEM ({@code server.pem}:
 * unencrypted PKCS#8 key and certificate, 0600, converted here from the keystore) through
 * {@code PEMBasedSslContextFactory}, which needs no password; the file's permissions protect it, as a
 * mounted Secret protects a keystore and its password on Kubernetes.
 */
public final class CassandraTls {

    static final String KEYSTORE_PASSWORD = "cassandra.tls.keystore";
    static final String TRUSTSTORE_PASSWORD = "cassandra.tls.truststore";
    private static final String ALIAS = "cassandra";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 120;

    private final Path dir;
    private final StackSecurity security;

    CassandraTls(Path nodeDir, StackSecurity security) {
        this.dir = nodeDir.resolve("tls");
        this.security = security;
    }

    /** The clients' truststore (JKS, the server's certificate). */
    public Path truststore() {
        return dir.resolve("truststore.jks");
    }

    /** An owner-only file holding the truststore's password (for {@code CASSANDRA_SSL_TRUSTSTORE_PASSWORD_FILE}). */
    public Path truststorePasswordFile() {
        return security.passwordFile(TRUSTSTORE_PASSWORD);
    }

    public String truststorePassword() {
        return security.password(TRUSTSTORE_PASSWORD);
    }

    Path keystore() {
        return dir.resolve("keystore.p12");
    }

    /** The node's key and certificate as PEM, what cassandra.yaml points at. */
    Path serverPem() {
        return dir.resolve("server.pem");
    }

    Path certificatePem() {
        return dir.resolve("server-cert.pem");
    }

    /**
     * The contract's client variables ({@code CassandraClientTls}): TLS on, the truststore and its
     * password as a file.
     */
    public Map<String, String> clientEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(EnvVar.CASSANDRA_SSL_ENABLED.name(), "true");
        env.put(EnvVar.CASSANDRA_SSL_TRUSTSTORE_FILE.name(), truststore().toString());
        env.put(EnvVar.CASSANDRA_SSL_TRUSTSTORE_PASSWORD.fileVariable(), truststorePasswordFile().toString());
        return env;
    }

    /** cassandra.yaml's {@code client_encryption_options}: TLS required on the CQL port (optional: false). */
    String yaml() {
        return "\n  enabled: true"
                + "\n  optional: false"
                + "\n  ssl_context_factory:"
                + "\n    class_name: org.apache.cassandra.security.PEMBasedSslContextFactory"
                + "\n  keystore: " + serverPem()
                + "\n  truststore: " + certificatePem()
                + "\n  require_client_auth: false";
    }

    /** A JDK SSL context trusting this node, for local-stack's own CQL client (probes, admin statements). */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(truststore())) {
            KeyStore trust = KeyStore.getInstance("JKS");
            trust.load(in, truststorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cassandra TLS: cannot read " + truststore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cassandra TLS: bad truststore " + truststore() + ": " + e.getMessage(), e);
        }
    }

    /** Draws the stores once; a restart on the same data finds them (and their passwords) again. */
    void ensureStores(Path java) {
        if (Files.isRegularFile(truststore()) && Files.isRegularFile(serverPem()) && Files.isRegularFile(certificatePem())) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            for (Path p : List.of(keystore(), truststore(), serverPem(), certificatePem())) {
                Files.deleteIfExists(p);
            }
            Path keytool = java.resolveSibling("keytool");
            String keystorePass = security.passwordFile(KEYSTORE_PASSWORD).toString();
            String truststorePass = truststorePasswordFile().toString();
            keytool(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=localhost, OU=local-stack, O=userstream", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", keystore().toString(),
                    "-storepass:file", keystorePass, "-keypass:file", keystorePass);
            keytool(keytool, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keystore().toString(),
                    "-storepass:file", keystorePass, "-file", certificatePem().toString());
            keytool(keytool, "-importcert", "-noprompt", "-alias", ALIAS, "-file", certificatePem().toString(),
                    "-storetype", "JKS", "-keystore", truststore().toString(), "-storepass:file", truststorePass);
            writeServerPem();
            for (Path p : List.of(keystore(), truststore(), serverPem(), certificatePem())) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cassandra TLS: cannot create the stores under " + dir, e);
        }
    }

    /** Key (PKCS#8) and certificate chain from the keystore, as PEM, written owner-only. */
    private void writeServerPem() throws IOException {
        try (InputStream in = Files.newInputStream(keystore())) {
            char[] password = security.password(KEYSTORE_PASSWORD).toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            Key key = ks.getKey(ALIAS, password);
            StringBuilder pem = new StringBuilder(pem("PRIVATE KEY", key.getEncoded()));
            for (Certificate c : ks.getCertificateChain(ALIAS)) {
                pem.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Files.createFile(serverPem(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(serverPem(), pem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cassandra TLS: cannot read the generated keystore: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Runs keytool; its output (never a password: they are passed as files) goes into the failure message. */
    private static void keytool(Path keytool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes());
            }
            if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed (exit " + p.exitValue() + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool " + args[0], e);
        }
    }
}
