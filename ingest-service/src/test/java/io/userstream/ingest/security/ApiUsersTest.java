package io.userstream.ingest.security;

import io.userstream.contract.env.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The users file: what it accepts, and that every mistake names the variable and the line but never a hash. */
class ApiUsersTest {

    static final String HASH = BCrypt.hashpw("s3cret-password", BCrypt.gensalt(4));

    @Test
    void readsUsersWithTheirRoles() {
        ApiUsers users = ApiUsers.parse(Optional.of("# comment\n\noperator:" + HASH + ":operator,reader\r\nreader:" + HASH + ":reader\n"));
        assertThat(users.find("operator")).get().extracting(ApiUsers.User::roles).isEqualTo(Set.of("operator", "reader"));
        assertThat(users.find("reader")).get().extracting(ApiUsers.User::roles).isEqualTo(Set.of("reader"));
        assertThat(users.find("nobody")).isEmpty();
    }

    @Test
    void acceptsTheHashesOfHtpasswdAndHelm() {
        String helm = "$2a$10$" + HASH.substring(7); // Go's bcrypt (Helm's bcrypt/htpasswd) writes $2a$
        String htpasswd = "$2y$10$" + HASH.substring(7);
        assertThat(ApiUsers.parse(Optional.of("a:" + helm + ":reader\nb:" + htpasswd + ":operator")).byName()).hasSize(2);
    }

    @Test
    void refusesMissingEmptyAndBadFilesNamingTheVariable() {
        assertRefused(Optional.empty(), "not set");
        assertRefused(Optional.of("  \n"), "not set");
        assertRefused(Optional.of("# only a comment\n"), "no users");
        assertRefused(Optional.of("operator:plain-password:operator"), "line 1: the password of 'operator' is not a bcrypt hash");
        assertRefused(Optional.of("operator:" + HASH), "line 1: expected name:bcrypt-hash:roles");
        assertRefused(Optional.of("\noperator:" + HASH + ":admin"), "line 2: unknown role 'admin'");
        assertRefused(Optional.of("a b:" + HASH + ":reader"), "line 1: the user name must match");
        assertRefused(Optional.of("a:" + HASH + ":reader\na:" + HASH + ":operator"), "line 2: user 'a' appears twice");
    }

    private static void assertRefused(Optional<String> text, String reason) {
        assertThatThrownBy(() -> ApiUsers.parse(text)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("USERSTREAM_API_USERS_FILE (or USERSTREAM_API_USERS)")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(HASH).doesNotContain("plain-password"));
    }

    @Test
    void aRightPasswordPassesAndAWrongOneNever() {
        BcryptIdentityProvider provider = new BcryptIdentityProvider(ApiUsers.parse(Optional.of("op:" + HASH + ":operator")));
        ApiUsers.User op = provider.users().find("op").orElseThrow();
        assertThat(provider.matches(op, "s3cret-password".toCharArray())).isTrue();
        assertThat(provider.matches(op, "s3cret-password".toCharArray())).as("again, from the cache").isTrue();
        assertThat(provider.matches(op, "s3cret-passwore".toCharArray())).isFalse();
        assertThat(provider.matches(op, "".toCharArray())).isFalse();
    }
}
