package io.userstream.ingest.security;

import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.userstream.ingest.config.IngestConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP Basic credentials against {@link ApiUsers}' bcrypt hashes. Loaded at start-up, so a
 * missing or bad users file stops the service naming the variable (and a changed file needs a
 * restart, as a rotated Kubernetes Secret gets through the chart's checksum annotation).
 *
 * <p>bcrypt costs ~0.1 s of CPU by design, and the dashboard polls several endpoints every 2 s: a
 * password that passed once is remembered as a salted SHA-256 (a random salt per process, compared in
 * constant time), so only a new or wrong password pays bcrypt again. A wrong password always does,
 * which is what slows guessing.
 */
@Singleton
@Startup
public class BcryptIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final ApiUsers users;
    private final byte[] salt = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    @Inject
    public BcryptIdentityProvider(IngestConfig config) {
        this(ApiUsers.parse(config.api().users()));
    }

    BcryptIdentityProvider(ApiUsers users) {
        this.users = users;
        new SecureRandom().nextBytes(salt);
    }

    ApiUsers users() {
        return users;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String name = request.getUsername();
        char[] password = request.getPassword().getPassword();
        return context.runBlocking(() -> {
            ApiUsers.User user = users.find(name).orElse(null);
            if (user == null || !matches(user, password)) {
                // the same answer for an unknown user and a wrong password; neither is logged with the password
                throw new AuthenticationFailedException("wrong user name or password");
            }
            return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user.name()))
                    .addRoles(user.roles()).build();
        });
    }

    boolean matches(ApiUsers.User user, char[] password) {
        byte[] digest = digest(password);
        byte[] known = verified.get(user.name());
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        if (BCrypt.checkpw(String.valueOf(password), user.hash())) {
            verified.put(user.name(), digest);
            return true;
        }
        return false;
    }

    private byte[] digest(char[] password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] raw = Arrays.copyOf(bytes.array(), bytes.limit());
            sha.update(raw);
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(bytes.array(), (byte) 0);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
