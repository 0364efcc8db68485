package io.userstream.localstack.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a Kafka broker for cluster metadata over the wire protocol (Metadata v4, the oldest version
 * Kafka 4.x still serves) and returns the ids of the live brokers. Written against the protocol, not
 * kafka-clients, so local-stack puts no Kafka client on anyone's classpath.
 */
public final class KafkaMetadataProbe {

    private static final short API_KEY_METADATA = 3;
    private static final short API_VERSION = 4;
    private static final String CLIENT_ID = "local-stack-probe";

    private KafkaMetadataProbe() {
    }

    /** The node ids of the brokers the cluster reports (empty while none is unfenced). */
    public static List<Integer> brokerIds(String host, int port, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] request = request(42);
            out.writeInt(request.length);
            out.write(request);
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size <= 0 || size > 16 * 1024 * 1024) {
                throw new IOException("implausible Metadata response size " + size);
            }
            byte[] body = in.readNBytes(size);
            return parseBrokerIds(new DataInputStream(new java.io.ByteArrayInputStream(body)));
        }
    }

    private static byte[] request(int correlationId) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(API_KEY_METADATA);
        out.writeShort(API_VERSION);
        out.writeInt(correlationId);
        byte[] clientId = CLIENT_ID.getBytes(StandardCharsets.UTF_8);
        out.writeShort(clientId.length);
        out.write(clientId);
        out.writeInt(0);          // topics: an empty array asks for brokers only
        out.writeBoolean(false);  // allow_auto_topic_creation
        return bytes.toByteArray();
    }

    private static List<Integer> parseBrokerIds(DataInputStream in) throws IOException {
        in.readInt();             // correlation id
        in.readInt();             // throttle_time_ms
        int brokers = in.readInt();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            ids.add(in.readInt());
            skipString(in);       // host
            in.readInt();         // port
            skipString(in);       // rack (nullable)
        }
        return ids;
    }

    private static void skipString(DataInputStream in) throws IOException {
        short length = in.readShort();
        if (length > 0) {
            in.skipNBytes(length);
        }
    }
}
