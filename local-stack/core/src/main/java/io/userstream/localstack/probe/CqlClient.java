package io.userstream.localstack.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately tiny CQL client (native protocol v4, optional TLS and PLAIN login, one connection, simple queries) used
 * to prove Cassandra answers queries and to read a count for progress lines. It exists so that
 * local-stack needs no Cassandra driver: Spark's connector and Quarkus bring their own.
 */
public final class CqlClient implements AutoCloseable {

    private static final byte VERSION = 0x04;
    private static final byte OP_ERROR = 0x00;
    private static final byte OP_STARTUP = 0x01;
    private static final byte OP_READY = 0x02;
    private static final byte OP_AUTHENTICATE = 0x03;
    private static final byte OP_AUTH_RESPONSE = 0x0F;
    private static final byte OP_AUTH_SUCCESS = 0x10;
    private static final int ERROR_BAD_CREDENTIALS = 0x0100;
    private static final byte OP_QUERY = 0x07;
    private static final byte OP_RESULT = 0x08;
    private static final int RESULT_ROWS = 2;
    private static final short CONSISTENCY_ONE = 0x0001;

    private Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private short stream;

    /** A login refused by Cassandra (bad user or password); the message never holds the password. */
    public static final class AuthenticationFailedException extends IOException {
        AuthenticationFailedException(String message) {
            super(message);
        }
    }

    public CqlClient(String host, int port, int timeoutMillis) throws IOException {
        this(host, port, timeoutMillis, null, null);
    }

    /** Logs in with SASL PLAIN when the server asks (PasswordAuthenticator); user and password may be null for an open node. */
    public CqlClient(String host, int port, int timeoutMillis, String user, String password) throws IOException {
        this(host, port, timeoutMillis, user, password, null);
    }

    /**
     * Over TLS when {@code tls} is given (a node with client encryption required refuses plain CQL):
     * the server's certificate chain is checked against the context's trust, not its host name.
     */
    public CqlClient(String host, int port, int timeoutMillis, String user, String password, SSLContext tls) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
                socket = ssl;
                ssl.startHandshake();
            }
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
            startup(user, password);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Runs a query at consistency ONE; returns its rows (empty for statements that return none). */
    public List<List<Object>> query(String cql) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        byte[] text = cql.getBytes(StandardCharsets.UTF_8);
        b.writeInt(text.length);
        b.write(text);
        b.writeShort(CONSISTENCY_ONE);
        b.writeByte(0);
        DataInputStream response = send(OP_QUERY, body.toByteArray(), OP_RESULT);
        return response.readInt() == RESULT_ROWS ? readRows(response) : List.of();
    }

    private void startup(String user, String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeShort(1);
        writeString(b, "CQL_VERSION");
        writeString(b, "3.0.0");
        if (lastOpcode(send(OP_STARTUP, body.toByteArray(), OP_READY, OP_AUTHENTICATE)) == OP_AUTHENTICATE) {
            if (user == null || password == null) {
                throw new AuthenticationFailedException("Cassandra asks for a login and none was given");
            }
            ByteArrayOutputStream token = new ByteArrayOutputStream();
            token.write(0);
            token.write(user.getBytes(StandardCharsets.UTF_8));
            token.write(0);
            token.write(password.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream auth = new ByteArrayOutputStream();
            DataOutputStream a = new DataOutputStream(auth);
            a.writeInt(token.size());
            a.write(token.toByteArray());
            send(OP_AUTH_RESPONSE, auth.toByteArray(), OP_AUTH_SUCCESS);
        }
    }

    private byte lastOp;

    private byte lastOpcode(DataInputStream ignored) {
        return lastOp;
    }

    private DataInputStream send(byte opcode, byte[] body, byte expected) throws IOException {
        return send(opcode, body, expected, expected);
    }

    private DataInputStream send(byte opcode, byte[] body, byte expected, byte alsoExpected) throws IOException {
        out.writeByte(VERSION);
        out.writeByte(0);
        out.writeShort(++stream);
        out.writeByte(opcode);
        out.writeInt(body.length);
        out.write(body);
        out.flush();

        in.readByte();            // version | response bit
        byte flags = in.readByte();
        in.readShort();           // stream
        byte op = in.readByte();
        int length = in.readInt();
        DataInputStream response = new DataInputStream(new java.io.ByteArrayInputStream(in.readNBytes(length)));
        skipPrefixes(response, flags);
        lastOp = op;
        if (op == OP_ERROR) {
            int code = response.readInt();
            String message = "CQL error 0x" + Integer.toHexString(code) + ": " + readString(response);
            throw code == ERROR_BAD_CREDENTIALS ? new AuthenticationFailedException(message) : new IOException(message);
        }
        if (op != expected && op != alsoExpected) {
            throw new IOException("unexpected CQL opcode 0x" + Integer.toHexString(op) + " (expected 0x"
                    + Integer.toHexString(expected) + ")");
        }
        return response;
    }

    /** Tracing id, warnings (e.g. "aggregation without partition key") and custom payload precede the body. */
    private static void skipPrefixes(DataInputStream r, byte flags) throws IOException {
        if ((flags & 0x02) != 0) {
            r.skipNBytes(16);     // tracing session id
        }
        if ((flags & 0x08) != 0) {
            int warnings = r.readUnsignedShort();
            for (int i = 0; i < warnings; i++) {
                readString(r);
            }
        }
        if ((flags & 0x04) != 0) {
            int entries = r.readUnsignedShort();
            for (int i = 0; i < entries; i++) {
                readString(r);
                readBytes(r);
            }
        }
    }

    private static List<List<Object>> readRows(DataInputStream r) throws IOException {
        int flags = r.readInt();
        int columns = r.readInt();
        if ((flags & 0x0002) != 0) {
            readBytes(r);         // paging state
        }
        boolean globalSpec = (flags & 0x0001) != 0;
        if (globalSpec) {
            readString(r);
            readString(r);
        }
        short[] types = new short[columns];
        for (int c = 0; c < columns; c++) {
            if (!globalSpec) {
                readString(r);
                readString(r);
            }
            readString(r);        // column name
            types[c] = r.readShort();
            if (types[c] == 0x0000 || types[c] >= 0x0020) {
                throw new IOException("CqlClient reads simple column types only (type id 0x"
                        + Integer.toHexString(types[c]) + ")");
            }
        }
        int rows = r.readInt();
        List<List<Object>> result = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            List<Object> row = new ArrayList<>(columns);
            for (int c = 0; c < columns; c++) {
                byte[] cell = readBytes(r);
                row.add(cell == null ? null : decode(types[c], cell));
            }
            result.add(row);
        }
        return result;
    }

    private static Object decode(short type, byte[] cell) {
        ByteBuffer buf = ByteBuffer.wrap(cell);
        return switch (type) {
            case 0x0001, 0x000A, 0x000D -> new String(cell, StandardCharsets.UTF_8); // ascii, text, varchar
            case 0x0002, 0x0005 -> buf.getLong();                                       // bigint, counter
            case 0x0009 -> buf.getInt();                                                // int
            case 0x0004 -> buf.get() != 0;                                              // boolean
            case 0x000B -> Instant.ofEpochMilli(buf.getLong());                         // timestamp
            case 0x000C, 0x000F -> new UUID(buf.getLong(), buf.getLong());              // uuid, timeuuid
            case 0x000E -> new BigInteger(cell);                                        // varint
            default -> cell;
        };
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
