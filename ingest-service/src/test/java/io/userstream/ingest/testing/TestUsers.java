package io.userstream.ingest.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.util.List;
import java.util.Map;

/**
 * The API users of the tests, given to the service as its users file (bcrypt hashes, cost 4 to keep
 * tests fast) by this test resource: {@code operator} (operator and reader, like `make run`'s),
 * {@code reader} (reader only), {@code controller} (operator only, to see a reader endpoint refuse it)
 * and {@code limited} (RateLimitTest's).
 * Fixed passwords, so every class loader agrees on them; the leak test looks for them in logs and responses.
 */
public class TestUsers implements QuarkusTestResourceLifecycleManager {

    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "op-Vq4TzX8mR2kLw9Jd";
    public static final String READER = "reader";
    public static final String READER_PASSWORD = "rd-Hs3Nc7Pb5YtQe1Gu";
    public static final String CONTROLLER = "controller";
    public static final String CONTROLLER_PASSWORD = "ct-Zm6Wa2Rk8XvLp4Fo";

    /** An operator only RateLimitTest uses: limits are per user, so spending its budget spends nobody else's. */
    public static final String LIMITED = "limited";
    public static final String LIMITED_PASSWORD = "lm-Rt5Ub8Ne3WqSx6Ha";

    public static List<String> passwords() {
        return List.of(OPERATOR_PASSWORD, READER_PASSWORD, CONTROLLER_PASSWORD, LIMITED_PASSWORD);
    }

    public static String usersFile() {
        return "# test users\n"
                + OPERATOR + ":" + hash(OPERATOR_PASSWORD) + ":operator,reader\n"
                + READER + ":" + hash(READER_PASSWORD) + ":reader\n"
                + CONTROLLER + ":" + hash(CONTROLLER_PASSWORD) + ":operator\n"
                + LIMITED + ":" + hash(LIMITED_PASSWORD) + ":operator,reader\n";
    }

    private static String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(4));
    }

    @Override
    public Map<String, String> start() {
        return Map.of("userstream.api.users", usersFile());
    }

    @Override
    public void stop() {
    }
}
