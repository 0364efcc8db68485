package io.userstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free and busy ports on the loopback address, the only address local-stack ever binds. */
public final class Ports {

    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /**
     * Picks {@code count} distinct free ports. All sockets are held open until every port is chosen,
     * so two servers started side by side never get the same one.
     */
    public static int[] pickFree(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on " + LOOPBACK, e);
        } finally {
            held.forEach(Ports::closeQuietly);
        }
    }

    /** The preferred port when it is set (> 0), not {@code taken} and free now; else a free one that is not {@code taken}. */
    public static int preferredOrFree(int preferred, int taken) {
        if (preferred > 0 && preferred != taken && isFree(preferred)) {
            return preferred;
        }
        int[] two = pickFree(2);
        return two[0] != taken ? two[0] : two[1];
    }

    /** True when nothing listens on the port and it can be bound on the loopback address now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message that names the server and the setting when a port asked for is taken. */
    public static void requireFree(String server, String setting, int port) {
        if (!isFree(port)) {
            throw new IllegalStateException(server + ": port " + port + " on " + LOOPBACK
                    + " (" + setting + ") is already in use, probably by another " + server
                    + " or an earlier run that is still up. Stop it, choose another port, or leave "
                    + setting + " unset to pick a free one.");
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do: the port is released either way
        }
    }
}
