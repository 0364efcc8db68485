package io.userstream.localstack.cli;

import io.userstream.localstack.LocalStack;
import io.userstream.localstack.probe.CqlClient;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code local-stack up}: a real Kafka and Cassandra on 127.0.0.1 until Ctrl-C.
 * {@code local-stack cql}: run one CQL statement against a node and print the rows.
 */
public final class LocalStackCli {

    private static final String USAGE = """
            usage: local-stack <command> [options]

            commands:
              up     start Kafka and Cassandra, print their addresses, run until Ctrl-C
              cql    run one CQL statement and print its rows: cql [--contact-point HOST:PORT] "<statement>"
              help   this text

            options of up:
              --data-dir DIR          where the servers keep their data and logs (default target/local-stack)
              --fresh                 delete earlier data first
              --no-kafka | --no-cassandra
              --kafka-port N          fixed broker port (default: reuse the last one if free, else any free port)
              --cassandra-port N      fixed CQL port (same default)
              --kafka-heap-mb N       default 384
              --cassandra-heap-mb N   default 512
              --env-file FILE         write KAFKA_BOOTSTRAP_SERVERS=... lines for scripts once ready
            """;

    private LocalStackCli() {
    }

    public static void main(String[] argv) {
        Deque<String> args = new ArrayDeque<>(List.of(argv));
        String command = args.isEmpty() ? "help" : args.poll();
        try {
            int code = switch (command) {
                case "up" -> up(args);
                case "cql" -> cql(args);
                case "help", "--help", "-h" -> {
                    System.out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
            System.exit(code);
        } catch (UsageException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (RuntimeException | IOException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int up(Deque<String> args) throws IOException {
        LocalStack.Builder builder = LocalStack.builder();
        Path envFile = null;
        while (!args.isEmpty()) {
            String option = args.poll();
            switch (option) {
                case "--data-dir" -> builder.dataDir(Path.of(value(option, args)));
                case "--fresh" -> builder.fresh(true);
                case "--no-kafka" -> builder.kafka(false);
                case "--no-cassandra" -> builder.cassandra(false);
                case "--kafka-port" -> builder.kafkaPort(number(option, args));
                case "--cassandra-port" -> builder.cassandraPort(number(option, args));
                case "--kafka-heap-mb" -> builder.kafkaHeapMb(number(option, args));
                case "--cassandra-heap-mb" -> builder.cassandraHeapMb(number(option, args));
                case "--env-file" -> envFile = Path.of(value(option, args));
                default -> throw new UsageException("unknown option '" + option + "' for up");
            }
        }
        PrintStream out = System.out;
        LocalStack stack = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            out.println("local-stack: stopping...");
            stack.close();
            out.println("local-stack: stopped");
            stopped.countDown();
        }, "local-stack-cli-stop"));

        out.println("local-stack: starting " + builder.services() + " in " + stack.dataDir());
        stack.ensureStarted(builder.services());
        Map<String, String> endpoints = stack.endpoints();
        out.println("local-stack: ready");
        if (stack.isRunning(LocalStack.Service.KAFKA)) {
            out.printf("  Kafka      %s   (pid %d, ready in %.1f s, log %s)%n", stack.kafka().bootstrapServers(),
                    stack.kafka().pid(), stack.kafka().startupTime().toMillis() / 1000.0, stack.kafka().logFile());
        }
        if (stack.isRunning(LocalStack.Service.CASSANDRA)) {
            out.printf("  Cassandra  %s   (pid %d, ready in %.1f s, log %s, local DC %s)%n", stack.cassandra().contactPoint(),
                    stack.cassandra().pid(), stack.cassandra().startupTime().toMillis() / 1000.0,
                    stack.cassandra().logFile(), stack.cassandra().localDatacenter());
        }
        if (envFile != null) {
            Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
            Files.writeString(tmp, endpoints.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
            Files.move(tmp, envFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        out.println("Press Ctrl-C to stop.");
        return waitUntilOneDies(stack, stopping);
    }

    /** Returns 1 when a server dies on its own (its log says why); Ctrl-C ends the JVM through the hook. */
    private static int waitUntilOneDies(LocalStack stack, java.util.concurrent.atomic.AtomicBoolean stopping) {
        java.util.Set<LocalStack.Service> started = java.util.EnumSet.noneOf(LocalStack.Service.class);
        for (LocalStack.Service s : LocalStack.Service.values()) {
            if (stack.isRunning(s)) {
                started.add(s);
            }
        }
        while (!stopping.get()) {
            for (LocalStack.Service s : started) {
                if (!stack.isRunning(s) && !stopping.get()) {
                    System.err.println("local-stack: " + s + " exited on its own; see its log in " + stack.dataDir());
                    return 1;
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return 130;
            }
        }
        return 0;
    }

    private static int cql(Deque<String> args) throws IOException {
        String contactPoint = "127.0.0.1:9042";
        String statement = null;
        while (!args.isEmpty()) {
            String arg = args.poll();
            if (arg.equals("--contact-point")) {
                contactPoint = value(arg, args);
            } else if (statement == null) {
                statement = arg;
            } else {
                throw new UsageException("cql takes one statement; quote it");
            }
        }
        if (statement == null) {
            throw new UsageException("cql needs a statement");
        }
        String[] hostPort = contactPoint.split(":");
        if (hostPort.length != 2) {
            throw new UsageException("--contact-point must be HOST:PORT, got '" + contactPoint + "'");
        }
        try (CqlClient client = new CqlClient(hostPort[0], Integer.parseInt(hostPort[1]), 10_000)) {
            for (List<Object> row : client.query(statement)) {
                System.out.println(row.stream().map(String::valueOf).collect(Collectors.joining(" | ")));
            }
        }
        return 0;
    }

    private static String value(String option, Deque<String> args) {
        if (args.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return args.poll();
    }

    private static int number(String option, Deque<String> args) {
        String v = value(option, args);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, got '" + v + "'");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
