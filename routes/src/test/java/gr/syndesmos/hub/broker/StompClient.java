package gr.syndesmos.hub.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough STOMP 1.2 to knock on the broker's door: the protocol is a few text frames, and no STOMP client
 * library is on the package mirror. Each frame that expects an answer asks for a receipt, so a refusal arrives as an
 * ERROR frame instead of silence.
 */
final class StompClient implements AutoCloseable {

    /** One frame read back: its command (CONNECTED, RECEIPT, ERROR, MESSAGE), headers and body. */
    record Frame(String command, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    StompClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** CONNECT, with login and passcode when given. */
    Frame connect(String login, String passcode) throws IOException {
        StringBuilder frame = new StringBuilder("CONNECT\naccept-version:1.2\nhost:127.0.0.1\n");
        if (login != null) {
            frame.append("login:").append(login).append('\n').append("passcode:").append(passcode).append('\n');
        }
        return send(frame.append('\n').toString());
    }

    Frame sendTo(String destination, Map<String, String> headers, String body) throws IOException {
        StringBuilder frame = new StringBuilder("SEND\ndestination:").append(destination).append('\n')
                .append("content-type:application/json\nreceipt:send-1\n");
        headers.forEach((name, value) -> frame.append(name).append(':').append(value).append('\n'));
        return send(frame.append('\n').append(body).toString());
    }

    Frame subscribe(String destination) throws IOException {
        return send("SUBSCRIBE\nid:1\ndestination:" + destination + "\nack:client\nreceipt:sub-1\n\n");
    }

    private Frame send(String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.flush();
        return read();
    }

    Frame read() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        // Heart-beat newlines may precede a frame.
        while ((b = in.read()) == '\n' || b == '\r') {
            // skip
        }
        while (b > 0) {
            bytes.write(b);
            b = in.read();
        }
        if (b < 0 && bytes.size() == 0) {
            return new Frame("CLOSED", Map.of(), "");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        String[] lines = head.split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
            }
        }
        return new Frame(lines[0].trim(), headers, blank < 0 ? "" : text.substring(blank + 2));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
