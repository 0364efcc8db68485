package io.userstream.localstack;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One child JVM (a server, or a service of `make run`): started with a resolved classpath through
 * {@link ChildMain} (so it dies with its parent), its output in a log file, stopped by SIGTERM, a
 * wait, then SIGKILL. Every instance is registered with {@link ProcessReaper} until it is stopped.
 */
public final class ChildJvm {

    static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Path logFile;
    private final Process process;
    /** Held open for the child's life: {@link ChildMain} exits when it closes. */
    private final OutputStream lifeline;

    private ChildJvm(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
        this.lifeline = process.getOutputStream();
    }

    static ChildJvm start(String name, Path java, String classpath, List<String> jvmArgs, String mainClass,
                          List<String> args, Path workDir, Path logFile) {
        return start(name, java, classpath, jvmArgs, mainClass, args, Map.of(), workDir, logFile);
    }

    /**
     * Starts {@code mainClass} in a new JVM. {@code classpath} need not contain local-stack: its own
     * location is added so the child can run {@link ChildMain}. {@code env} is added to this JVM's
     * environment.
     */
    public static ChildJvm start(String name, Path java, String classpath, List<String> jvmArgs, String mainClass,
                                 List<String> args, Map<String, String> env, Path workDir, Path logFile) {
        return start(name, List.of(), java, classpath, jvmArgs, mainClass, args, env, workDir, logFile);
    }

    /**
     * As above, with {@code launcher} before {@code java} on the command line: a program that sets
     * up the process and then executes the JVM in its place (same pid), such as {@code setpriv}.
     */
    public static ChildJvm start(String name, List<String> launcher, Path java, String classpath, List<String> jvmArgs,
                                 String mainClass, List<String> args, Map<String, String> env, Path workDir, Path logFile) {
        List<String> command = new ArrayList<>(launcher);
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath.contains(ServerClasspath.ownLocation()) ? classpath
                : classpath + File.pathSeparator + ServerClasspath.ownLocation());
        command.add(ChildMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "# " + name + ": "
                    + String.join(" ", command.subList(0, Math.min(launcher.size() + 3, command.size())))
                    + " ... " + mainClass + " " + redact(String.join(" ", args)) + "\n", StandardCharsets.UTF_8,
                    // appended: a restarted server keeps the log of the run that died before it
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command);
            // glibc gives each thread that allocates its own malloc arena (up to 8 per core), which a
            // JVM with hundreds of threads turns into tens of MB of resident memory it never returns.
            builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            builder.environment().putAll(env);
            Process process = builder
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            ChildJvm child = new ChildJvm(name, logFile, process);
            ProcessReaper.register(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": could not start " + java, e);
        }
    }

    /**
     * The arguments as the log header shows them: a {@code password=...} value (Kafka's
     * {@code --add-scram} credentials) is replaced, so no password reaches a log file.
     */
    static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^,\\]\\s]+", "$1<redacted>");
    }

    /** Runs a short-lived tool JVM (for example Kafka's storage format) to completion; fails with its log tail. */
    public static void runToCompletion(String name, Path java, String classpath, List<String> jvmArgs, String mainClass,
                                       List<String> args, Path workDir, Path logFile, long timeoutSeconds) {
        ChildJvm tool = start(name, java, classpath, jvmArgs, mainClass, args, workDir, logFile);
        try {
            if (!tool.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                tool.stop();
                throw tool.failure("did not finish in " + timeoutSeconds + " s", null);
            }
            if (tool.process.exitValue() != 0) {
                throw tool.failure("failed", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tool.stop();
            throw tool.failure("interrupted", e);
        } finally {
            ProcessReaper.unregister(tool);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, wait up to {@code graceSeconds} for a clean exit, then SIGKILL. */
    public void stop(long graceSeconds) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            closeLifeline();
            ProcessReaper.unregister(this);
        }
    }

    public void stop() {
        stop(30);
    }

    /** SIGKILL, as an OOM killer or `kill -9` would: no shutdown hook runs. Waits until the process is gone. */
    public void kill() {
        try {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeLifeline();
            ProcessReaper.unregister(this);
        }
    }

    /**
     * Sends a signal by name ({@code STOP}, {@code CONT}) through the shell's {@code kill}: Java has no API for
     * the signals that freeze and thaw a process, which is how a long GC pause or a frozen VM looks
     * to the process's clients.
     */
    public void signal(String name) {
        try {
            // the shell's builtin kill: present wherever /bin/sh is, unlike a kill binary
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + process.pid())
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(name() + ": kill -" + name + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name() + ": could not run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name(), e);
        }
    }

    /** The exit code once the process has exited, else null. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** The exception to throw for this server, with its exit code (when it has exited) and log tail. */
    public ServerFailedException failure(String what, Throwable cause) {
        Integer exitCode = process.isAlive() ? null : process.exitValue();
        return new ServerFailedException(name, what, exitCode, logTail(LOG_TAIL_LINES), cause);
    }

    public List<String> logTail(int lines) {
        Deque<String> tail = new ArrayDeque<>(lines);
        try (Stream<String> all = Files.lines(logFile, StandardCharsets.UTF_8)) {
            all.forEach(line -> {
                if (tail.size() == lines) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log " + logFile + " unreadable: " + e.getMessage() + ")");
        }
        return new ArrayList<>(tail);
    }

    private void closeLifeline() {
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // the child is gone already
        }
    }
}
