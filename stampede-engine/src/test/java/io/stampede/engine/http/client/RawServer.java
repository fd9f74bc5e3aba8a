package io.stampede.engine.http.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.stampede.testing.Await;

/**
 * A scripted HTTP/1.1 server on a plain socket, for the cases where a test must control every
 * byte and every close: each accepted connection runs the script on its own virtual thread.
 * Bounded: at most {@value #MAX_CONNECTIONS} connections, every read times out after 10 s, and
 * {@link #close()} closes every socket.
 */
public final class RawServer implements AutoCloseable {

    static final int MAX_CONNECTIONS = 64;

    @FunctionalInterface
    public interface Script {
        void run(Connection connection) throws Exception;
    }

    /** A request as the server read it. */
    public record Request(int connection, String method, String target, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final Script script;
    private final Thread acceptor;
    final AtomicInteger accepted = new AtomicInteger();
    /** Every request read, on any connection, in order. */
    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public RawServer(Script script) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.script = script;
        this.acceptor = Thread.ofVirtual().name("raw-server-acceptor").start(this::accept);
    }

    private void accept() {
        while (!closed && accepted.get() < MAX_CONNECTIONS) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            Connection connection = new Connection(client, accepted.getAndIncrement());
            connections.add(connection);
            Thread.ofVirtual().name("raw-server-" + connection.index).start(() -> {
                try {
                    script.run(connection);
                } catch (Exception | AssertionError e) {
                    if (!closed) {
                        errors.add(e);
                    }
                }
            });
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    Connection connection(int index) throws InterruptedException {
        Await.until("connection #" + index + " accepted", Duration.ofSeconds(5), () -> connections.size() > index);
        return connections.get(index);
    }

    Request nextRequest() throws InterruptedException {
        Request request = requests.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the server received no request within 5 s");
        }
        return request;
    }

    /** Script errors (a test asserts there were none when its script checks what it reads). */
    List<Throwable> errors() {
        return errors;
    }

    @Override
    public void close() throws Exception {
        closed = true;
        socket.close();
        for (Connection connection : connections) {
            connection.close();
        }
        acceptor.join(2_000);
    }

    public static String response(int status, String reason, String body, String... headers) {
        StringBuilder out = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        for (String header : headers) {
            out.append(header).append("\r\n");
        }
        out.append("content-length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
        return out.toString();
    }

    public static String ok(String body) {
        return response(200, "OK", body);
    }

    /** One accepted connection, driven by the script's thread. */
    public final class Connection {

        public final int index;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        final CountDownLatch eof = new CountDownLatch(1);

        Connection(Socket socket, int index) {
            this.socket = socket;
            this.index = index;
            try {
                socket.setSoTimeout(10_000);
                this.in = new BufferedInputStream(socket.getInputStream());
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Reads one request (head and content-length body); null when the client closed first. */
        public Request readRequest() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        eof.countDown();
                        return null;
                    }
                    throw new IOException("EOF inside a request head: " + head);
                }
                head.write(b);
                matched = (b == '\r' || b == '\n') && b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            Request request = new Request(index, requestLine[0], requestLine[1], headers, body);
            requests.add(request);
            return request;
        }

        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Waits until the client closes the connection (EOF or reset); false after 10 s without. */
        public boolean awaitClientClose() throws IOException {
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                // reset by the client: closed as well
            }
            eof.countDown();
            return true;
        }

        /** Serves every request on this connection with the given response until the client closes. */
        public void serveAll(String response) throws IOException {
            while (readRequest() != null) {
                write(response);
            }
        }

        /** Closes with a FIN, or with a reset (RST: linger 0). */
        public void closeWith(String how) throws IOException {
            if (how.equals("RST")) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        }

        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
