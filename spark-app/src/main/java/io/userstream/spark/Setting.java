package io.userstream.spark;

import io.userstream.contract.env.EnvVar;
import io.userstream.contract.env.InvalidSettingException;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of the job: the environment variable it is read from, how its text is parsed, and its
 * default. Absent or blank takes the default; a value the parser refuses fails naming the variable.
 */
record Setting<T>(EnvVar variable, Function<String, T> parser, T defaultValue) {

    static <T> Setting<T> of(EnvVar variable, Function<String, T> parser, T defaultValue) {
        return new Setting<>(variable, parser, defaultValue);
    }

    T read(Map<String, String> env) {
        Optional<String> raw = Optional.ofNullable(env.get(variable.name())).map(String::trim).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(raw.get());
        } catch (RuntimeException e) {
            throw new InvalidSettingException(variable.name(), "invalid value '" + raw.get() + "': " + e.getMessage(), e);
        }
    }
}
