package io.userstream.ingest.source;

/** A 5xx or another transient failure of the source: retried, and counted by the circuit breaker. */
public class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message) {
        super(message);
    }
}
