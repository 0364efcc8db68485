package io.userstream.ingest.security;

import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.InvalidSettingException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ingest API's users, parsed from {@code USERSTREAM_API_USERS} (on Kubernetes and under `make run`
 * always the mounted file {@code USERSTREAM_API_USERS_FILE}): one user a line,
 * {@code name:bcrypt-hash:role[,role]}; blank lines and {@code #} comments ignored. Only hashes are
 * accepted: a plain password in the file is refused, so the file never holds one. Any mistake stops
 * start-up naming the variable and the line, never printing a hash.
 */
public record ApiUsers(Map<String, User> byName) {

    /** One user: a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}, as htpasswd, Helm's bcrypt and Spring write it). */
    public record User(String name, String hash, Set<String> roles) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    static final String KEY = EnvVar.USERSTREAM_API_USERS.fileVariable() + " (or " + EnvVar.USERSTREAM_API_USERS.name() + ")";

    public ApiUsers {
        byName = Map.copyOf(byName);
    }

    public Optional<User> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Parses the file's text; {@code text} empty or absent: no users, which the service refuses. */
    public static ApiUsers parse(Optional<String> text) {
        if (text.isEmpty() || text.get().isBlank()) {
            throw new InvalidSettingException(KEY, "not set: the ingest API needs its users file (name:bcrypt-hash:roles a line;"
                    + " `make run` and the chart generate one)");
        }
        Map<String, User> users = new LinkedHashMap<>();
        String[] lines = text.get().split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            User user = parseLine(line, i + 1);
            if (users.putIfAbsent(user.name(), user) != null) {
                throw bad(i + 1, "user '" + user.name() + "' appears twice");
            }
        }
        if (users.isEmpty()) {
            throw new InvalidSettingException(KEY, "no users in the file (name:bcrypt-hash:roles a line)");
        }
        return new ApiUsers(users);
    }

    private static User parseLine(String line, int number) {
        String[] parts = line.split(":", -1);
        if (parts.length != 3) {
            throw bad(number, "expected name:bcrypt-hash:roles, got " + parts.length + " field(s) separated by ':'");
        }
        String name = parts[0].strip();
        if (!NAME.matcher(name).matches()) {
            throw bad(number, "the user name must match " + NAME.pattern());
        }
        if (!BCRYPT.matcher(parts[1].strip()).matches()) {
            throw bad(number, "the password of '" + name + "' is not a bcrypt hash ($2a$/$2b$/$2y$, cost 04-31, 60 characters);"
                    + " plain passwords are not accepted");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String role : parts[2].split(",")) {
            String r = role.strip();
            if (!ApiRoles.ALL.contains(r)) {
                throw bad(number, "unknown role '" + r + "' for '" + name + "' (roles: " + String.join(", ", ApiRoles.ALL.stream().sorted().toList()) + ")");
            }
            roles.add(r);
        }
        return new User(name, parts[1].strip(), Set.copyOf(roles));
    }

    private static InvalidSettingException bad(int line, String what) {
        return new InvalidSettingException(KEY, "line " + line + ": " + what);
    }
}
