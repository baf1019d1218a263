/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.fault;

import io.tidemark.stack.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of a service (S3, MongoDB, Kafka...), switchable at run time:
 * <ul>
 *   <li>{@link #latency(Duration)}: every chunk the client sends is forwarded only after this delay</li>
 *   <li>{@link #resetConnections(boolean)}: new connections are reset (RST, SO_LINGER 0) when the client first
 *       sends; {@link #resetOpenConnections()} resets every open connection now</li>
 *   <li>{@link #blackhole(boolean)}: new connections are accepted, their bytes read and dropped, nothing is answered</li>
 *   <li>HTTP mode only ({@link Mode#HTTP}): {@link #failNextHttpRequests(int, int)} and
 *       {@link #failHttpFraction(double, int)} answer requests with a canned error (e.g. 503) and close</li>
 * </ul>
 * Every fault injected is counted ({@link #stats()}). {@link #heal()} switches everything off.
 *
 * <p>The HTTP mode has its own small request parser on purpose: it only finds request boundaries
 * (the head ends at CRLFCRLF; the body is framed by {@code Transfer-Encoding: chunked}, else by
 * {@code Content-Length}) and forwards every byte unchanged, so SigV4-signed headers, aws-chunked
 * frames, chunk extensions and trailers reach the server exactly as sent; it never parses responses.
 * An SDK interceptor cannot replace it (the sink's S3 client runs inside the worker JVM), and the HTTP
 * libraries on the classpath (Jetty, httpcore 4 and 5) parse and re-write the exchange: re-chunked
 * bodies and rewritten headers break signatures, and they answer {@code Expect: 100-continue}
 * themselves. {@code FaultProxyHttpParsingTest} pins the framing on what the AWS SDK sends. Malformed
 * framing closes both sockets.
 */
public final class FaultProxy implements AutoCloseable {

    /** TCP: bytes are forwarded as they are. HTTP: requests are parsed (HTTP/1.1) so errors can be injected per request. */
    public enum Mode {
        TCP,
        HTTP
    }

    private final String name;
    private final InetSocketAddress target;
    private final Mode mode;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** The accepted (client-side) sockets among {@link #open}. */
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    private volatile long latencyNanos;
    private volatile boolean reset;
    private volatile boolean blackhole;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failNextStatus = 503;
    private volatile double failFraction;
    private volatile int failFractionStatus = 503;
    private volatile boolean stripConditionalHeaders;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong blackholed = new AtomicLong();
    private final AtomicLong httpErrors = new AtomicLong();
    private final AtomicLong httpRequests = new AtomicLong();

    /** Starts a proxy on a free 127.0.0.1 port forwarding to {@code targetHost:targetPort}. */
    public FaultProxy(String name, String targetHost, int targetPort, Mode mode) {
        this.name = name;
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.mode = mode;
        try {
            this.server = new ServerSocket(0, 200, InetAddress.getByName(Ports.LOOPBACK));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + name);
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    public static FaultProxy tcp(String name, int targetPort) {
        return new FaultProxy(name, Ports.LOOPBACK, targetPort, Mode.TCP);
    }

    public static FaultProxy http(String name, int targetPort) {
        return new FaultProxy(name, Ports.LOOPBACK, targetPort, Mode.HTTP);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** http://127.0.0.1:port (for HTTP targets such as S3). */
    public URI httpUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ switches

    public FaultProxy latency(Duration d) {
        latencyNanos = d.toNanos();
        return this;
    }

    public FaultProxy resetConnections(boolean on) {
        reset = on;
        return this;
    }

    public FaultProxy blackhole(boolean on) {
        blackhole = on;
        return this;
    }

    /** The next {@code n} HTTP requests are answered with {@code status} (e.g. 500, 503) and the connection closed. */
    public FaultProxy failNextHttpRequests(int n, int status) {
        requireHttp();
        failNextStatus = status;
        failNext.set(n);
        return this;
    }

    /** Each HTTP request is answered with {@code status} with probability {@code fraction} (0 switches it off). */
    public FaultProxy failHttpFraction(double fraction, int status) {
        requireHttp();
        failFractionStatus = status;
        failFraction = fraction;
        return this;
    }

    /**
     * HTTP mode: removes the If-None-Match and If-Match request headers before forwarding, so the
     * target behaves like a store that ignores conditional writes. A target that checks request
     * signatures (SigV4 signs these headers) then rejects such requests: use one that does not.
     */
    public FaultProxy stripConditionalHeaders(boolean on) {
        requireHttp();
        stripConditionalHeaders = on;
        return this;
    }

    private void requireHttp() {
        if (mode != Mode.HTTP) {
            throw new IllegalStateException("HTTP faults need a proxy in Mode.HTTP");
        }
    }

    /** Switches every fault off (open connections stay open). */
    public FaultProxy heal() {
        latencyNanos = 0;
        reset = false;
        blackhole = false;
        failNext.set(0);
        failFraction = 0;
        stripConditionalHeaders = false;
        return this;
    }

    /** Resets (RST) every open connection now; returns how many. */
    public int resetOpenConnections() {
        int n = 0;
        // client sides first: resetting an upstream first lets its pump close the client with a
        // plain FIN before the client's turn comes, and the client would see an orderly end
        for (Socket s : open) {
            if (clients.contains(s) && rst(s)) {
                n++;
            }
        }
        for (Socket s : open) {
            if (rst(s)) {
                n++;
            }
        }
        resets.addAndGet(n);
        return n;
    }

    // ------------------------------------------------------------------ counters

    /** Counters of connections and faults. */
    public record Stats(
            long connectionsAccepted,
            long chunksDelayed,
            long connectionsReset,
            long connectionsBlackholed,
            long httpRequests,
            long httpErrorsInjected) {
        /** Resets + blackholed connections + injected HTTP errors (+ delayed chunks are not counted here). */
        public long faultsInjected() {
            return connectionsReset + connectionsBlackholed + httpErrorsInjected;
        }
    }

    public Stats stats() {
        return new Stats(
                accepted.get(), delayed.get(), resets.get(), blackholed.get(), httpRequests.get(), httpErrors.get());
    }

    // ------------------------------------------------------------------ plumbing

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            clients.add(client);
            open.add(client);
            threads.execute(() -> handle(client));
        }
    }

    private void handle(Socket client) {
        try {
            client.setTcpNoDelay(true);
            if (blackhole) {
                blackholed.incrementAndGet();
                drain(client);
                return;
            }
            if (reset) {
                // wait for the client's first bytes so it sees the reset on its read
                InputStream in = client.getInputStream();
                client.setSoTimeout(5000);
                try {
                    in.read(new byte[8192]);
                } catch (IOException ignored) {
                    // reset anyway
                }
                resets.incrementAndGet();
                rst(client);
                return;
            }
            Socket upstream = new Socket();
            open.add(upstream);
            try {
                upstream.connect(target, 5000);
                upstream.setTcpNoDelay(true);
            } catch (IOException e) {
                rst(client);
                closeQuietly(upstream);
                return;
            }
            Object clientWriteLock = new Object();
            AtomicInteger halves = new AtomicInteger(2);
            Runnable halfDone = () -> {
                if (halves.decrementAndGet() == 0) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                }
            };
            threads.execute(() -> pump(upstream, client, clientWriteLock, false, halfDone));
            if (mode == Mode.HTTP) {
                httpClientToUpstream(client, upstream, clientWriteLock, halfDone);
            } else {
                pump(client, upstream, new Object(), true, halfDone);
            }
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void drain(Socket client) {
        byte[] buf = new byte[8192];
        try (InputStream in = client.getInputStream()) {
            while (!closed && in.read(buf) >= 0) {
                // dropped
            }
        } catch (IOException ignored) {
            // client gave up
        } finally {
            closeQuietly(client);
        }
    }

    private void delay() {
        long ns = latencyNanos;
        if (ns > 0) {
            delayed.incrementAndGet();
            try {
                Thread.sleep(ns / 1_000_000, (int) (ns % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void pump(Socket from, Socket to, Object writeLock, boolean clientToUpstream, Runnable halfDone) {
        byte[] buf = new byte[32 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (clientToUpstream) {
                    delay();
                }
                synchronized (writeLock) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
            to.shutdownOutput();
            halfDone.run();
        } catch (IOException e) {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    /** Reads HTTP/1.1 requests one by one; forwards them or answers with an injected error. */
    private void httpClientToUpstream(Socket client, Socket upstream, Object clientWriteLock, Runnable halfDone) {
        try {
            InputStream in = new java.io.BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream up = upstream.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    upstream.shutdownOutput();
                    halfDone.run();
                    return;
                }
                httpRequests.incrementAndGet();
                delay();
                String headText = new String(head, StandardCharsets.ISO_8859_1);
                int status = decideFailure();
                if (status > 0) {
                    httpErrors.incrementAndGet();
                    if (!headerValue(headText, "expect").equalsIgnoreCase("100-continue")) {
                        skipBody(in, headText);
                    }
                    byte[] resp = errorResponse(status, headText);
                    synchronized (clientWriteLock) {
                        OutputStream out = client.getOutputStream();
                        out.write(resp);
                        out.flush();
                    }
                    closeQuietly(upstream);
                    closeQuietly(client);
                    return;
                }
                up.write(stripConditionalHeaders ? withoutConditionalHeaders(headText) : head);
                copyBody(in, up, headText);
                up.flush();
            }
        } catch (IOException e) {
            closeQuietly(upstream);
            closeQuietly(client);
        }
    }

    private int decideFailure() {
        while (true) {
            int n = failNext.get();
            if (n <= 0) {
                break;
            }
            if (failNext.compareAndSet(n, n - 1)) {
                return failNextStatus;
            }
        }
        double f = failFraction;
        if (f > 0 && ThreadLocalRandom.current().nextDouble() < f) {
            return failFractionStatus;
        }
        return 0;
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int state = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside an HTTP request head");
            }
            head.write(b);
            // \r\n\r\n
            if ((state == 0 || state == 2) && b == '\r') {
                state++;
            } else if ((state == 1 || state == 3) && b == '\n') {
                state++;
                if (state == 4) {
                    return head.toByteArray();
                }
            } else {
                state = b == '\r' ? 1 : 0;
            }
            if (head.size() > 1024 * 1024) {
                throw new IOException("HTTP request head over 1 MiB");
            }
        }
    }

    private static byte[] withoutConditionalHeaders(String head) {
        StringBuilder out = new StringBuilder(head.length());
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("if-none-match:") && !lower.startsWith("if-match:")) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String headerValue(String head, String name) {
        String lower = name.toLowerCase(Locale.ROOT) + ":";
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(lower)) {
                return line.substring(lower.length()).trim();
            }
        }
        return "";
    }

    private static void copyBody(InputStream in, OutputStream out, String head) throws IOException {
        if (headerValue(head, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            copyChunked(in, out);
            return;
        }
        String cl = headerValue(head, "content-length");
        long len = cl.isEmpty() ? 0 : parseLength(cl, 10, "Content-Length");
        byte[] buf = new byte[32 * 1024];
        while (len > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, len));
            if (n < 0) {
                throw new IOException("connection closed inside an HTTP request body");
            }
            if (out != null) {
                out.write(buf, 0, n);
            }
            len -= n;
        }
    }

    /** Malformed framing closes the connection (an IOException), as any other broken exchange. */
    private static long parseLength(String value, int radix, String what) throws IOException {
        try {
            long n = Long.parseLong(value, radix);
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP " + what + " '" + value + "'", e);
        }
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        copyBody(in, null, head);
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in, out);
            int semi = sizeLine.indexOf(';');
            long size = parseLength((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16, "chunk size");
            if (size == 0) {
                // trailers until an empty line
                while (!readLine(in, out).isEmpty()) {
                    // trailer forwarded
                }
                return;
            }
            byte[] buf = new byte[32 * 1024];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("connection closed inside a chunk");
                }
                if (out != null) {
                    out.write(buf, 0, n);
                }
                left -= n;
            }
            readLine(in, out); // CRLF after the chunk
        }
    }

    private static String readLine(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (out != null) {
                out.write(b);
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0) {
            throw new IOException("connection closed inside chunked encoding");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] errorResponse(int status, String requestHead) {
        String reason =
                switch (status) {
                    case 500 -> "Internal Server Error";
                    case 502 -> "Bad Gateway";
                    case 503 -> "Service Unavailable";
                    case 504 -> "Gateway Timeout";
                    case 429 -> "Too Many Requests";
                    default -> "Error";
                };
        String code =
                switch (status) {
                    case 500 -> "InternalError";
                    case 503 -> "SlowDown";
                    default -> "ServiceUnavailable";
                };
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>injected by tidemark FaultProxy</Message><RequestId>fault-proxy</RequestId></Error>";
        boolean head = requestHead.startsWith("HEAD ");
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String resp = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: application/xml\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "x-amz-request-id: fault-proxy\r\n"
                + "Connection: close\r\n\r\n" + (head ? "" : body);
        return resp.getBytes(StandardCharsets.UTF_8);
    }

    private boolean rst(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
                s.close();
                return true;
            }
        } catch (SocketException e) {
            closeQuietly(s);
        } catch (IOException e) {
            // already gone
        } finally {
            open.remove(s);
            clients.remove(s);
        }
        return false;
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        clients.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + name + " 127.0.0.1:" + port() + " -> " + target + " " + mode + "]";
    }
}
