package io.userstream.contract.env;

/** A setting with a bad or missing value; the message starts with the variable's name. */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    public InvalidSettingException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public InvalidSettingException(String key, String message, Throwable cause) {
        super(key + ": " + message, cause);
        this.key = key;
    }

    /** The environment variable at fault. */
    public String key() {
        return key;
    }
}
