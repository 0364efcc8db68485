package io.userstream.localstack;

import java.util.List;

/**
 * A server did not start, did not become ready in time, or died. The message names the server,
 * says what happened (with the exit code when it exited) and carries the tail of its log, so a
 * failing test or `make run` shows the cause without anyone opening files.
 */
public class ServerFailedException extends RuntimeException {

    private final String server;
    private final Integer exitCode;
    private final List<String> logTail;

    public ServerFailedException(String server, String what, Integer exitCode, List<String> logTail, Throwable cause) {
        super(format(server, what, exitCode, logTail), cause);
        this.server = server;
        this.exitCode = exitCode;
        this.logTail = List.copyOf(logTail);
    }

    public String server() {
        return server;
    }

    /** The process's exit code, or null when it was still running (a readiness timeout). */
    public Integer exitCode() {
        return exitCode;
    }

    public List<String> logTail() {
        return logTail;
    }

    private static String format(String server, String what, Integer exitCode, List<String> logTail) {
        StringBuilder sb = new StringBuilder(server).append(": ").append(what);
        if (exitCode != null) {
            sb.append(" (exit code ").append(exitCode).append(')');
        }
        if (!logTail.isEmpty()) {
            sb.append("\n---- last ").append(logTail.size()).append(" lines of the ").append(server).append(" log ----\n");
            logTail.forEach(line -> sb.append("  ").append(line).append('\n'));
            sb.append("---- end of ").append(server).append(" log ----");
        }
        return sb.toString();
    }
}
