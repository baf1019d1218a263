/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.s3.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Pins how {@link FaultProxy}'s HTTP mode finds request boundaries in what the AWS SDK (and a plain HTTP/1.1
 * client) sends to s3proxy: every request on a kept-alive connection must be found, counted and forwarded byte
 * for byte, whatever framing its body uses, or an injected fault would hit the wrong request (or a body). Each
 * test uses a fresh proxy, so the counters are exact; SDK clients have one connection and no retries.
 */
class FaultProxyHttpParsingTest {
    static final String BUCKET = "parsing";
    static LocalStack stack;
    static S3ProxyServer s3;
    FaultProxy proxy;
    final List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startS3() {
        stack = LocalStack.create("FaultProxyHttpParsingTest");
        s3 = stack.startS3(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        stack.close();
    }

    @BeforeEach
    void newProxy() {
        proxy = FaultProxy.http("s3-parsing", s3.port());
        sent.clear();
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    /**
     * A plain TCP relay in front of the proxy that keeps a copy of every byte the client sends: what the HTTP
     * client library put on the wire (Apache HttpClient adds {@code Expect: 100-continue} itself, below the
     * SDK's interceptors).
     */
    static final class WireTap implements AutoCloseable {
        private final ServerSocket server;
        private final ByteArrayOutputStream sentBytes = new ByteArrayOutputStream();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final int target;

        WireTap(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(this::acceptLoop, "wire-tap");
            t.setDaemon(true);
            t.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket client = server.accept();
                    Socket upstream = new Socket("127.0.0.1", target);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                }
            } catch (IOException closed) {
                // tap closed
            }
        }

        private void pump(Socket from, Socket to, boolean record) {
            Thread t = new Thread(
                    () -> {
                        byte[] buf = new byte[32 * 1024];
                        try (InputStream in = from.getInputStream()) {
                            OutputStream out = to.getOutputStream();
                            int n;
                            while ((n = in.read(buf)) >= 0) {
                                if (record) {
                                    synchronized (sentBytes) {
                                        sentBytes.write(buf, 0, n);
                                    }
                                }
                                out.write(buf, 0, n);
                            }
                            to.shutdownOutput();
                        } catch (IOException e) {
                            closeQuietly(to);
                        }
                    },
                    "wire-tap-pump");
            t.setDaemon(true);
            t.start();
        }

        /** Request heads (and bodies) as sent, ISO-8859-1. */
        String wire() {
            synchronized (sentBytes) {
                return sentBytes.toString(StandardCharsets.ISO_8859_1);
            }
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            sockets.forEach(WireTap::closeQuietly);
        }
    }

    /** How many request heads on the wire carry this header line (case-insensitive). */
    private static int headerLines(String wire, String headerLine) {
        int count = 0;
        for (String line : wire.split("\r\n")) {
            if (line.equalsIgnoreCase(headerLine)) {
                count++;
            }
        }
        return count;
    }

    /** Records each HTTP request as the SDK sends it (headers included), to check what the test exercises. */
    final class Recorder implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sent.add(context.httpRequest());
        }
    }

    private S3Client client(RequestChecksumCalculation checksums, int attempts) {
        return client(proxy.httpUrl(), checksums, attempts);
    }

    private S3Client client(URI endpoint, RequestChecksumCalculation checksums, int attempts) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(checksums)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new Recorder())
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(attempts)))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(1)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /**
     * The client the S3 sink uses (checksums only when required). Over http:// the SDK still signs the payload
     * in aws-chunked frames (Content-Length is the framed size), so its PUTs are aws-chunked too.
     */
    private S3Client client() {
        return client(RequestChecksumCalculation.WHEN_REQUIRED, 1);
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private List<String> header(String name) {
        List<String> out = new ArrayList<>();
        for (SdkHttpRequest r : sent) {
            out.add(r.firstMatchingHeader(name).orElse(""));
        }
        return out;
    }

    // ------------------------------------------------------------------ the AWS SDK

    @Test
    void keptAliveConnectionCarriesEveryRequestAndEachIsCounted() {
        try (S3Client c = client()) {
            for (int i = 0; i < 3; i++) {
                int n = i;
                c.putObject(b -> b.bucket(BUCKET).key("ka-" + n), RequestBody.fromString("value " + n));
            }
            for (int i = 0; i < 3; i++) {
                int n = i;
                assertThat(c.getObjectAsBytes(b -> b.bucket(BUCKET).key("ka-" + n))
                                .asUtf8String())
                        .isEqualTo("value " + n);
            }
            assertThat(c.headObject(b -> b.bucket(BUCKET).key("ka-0")).contentLength())
                    .isEqualTo(7);
            assertThat(c.listObjectsV2(b -> b.bucket(BUCKET).prefix("ka-")).keyCount())
                    .isEqualTo(3);
            c.deleteObject(b -> b.bucket(BUCKET).key("ka-2"));
        }
        assertThat(sent).hasSize(9);
        assertThat(proxy.stats().httpRequests()).isEqualTo(9);
        assertThat(proxy.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void putWithExpectContinueGetsItsBodyForwardedAndTheConnectionStaysInStep() throws IOException {
        byte[] body = randomBytes(200_000, 1);
        try (WireTap tap = new WireTap(proxy.port());
                S3Client c = client(tap.url(), RequestChecksumCalculation.WHEN_REQUIRED, 1)) {
            c.putObject(b -> b.bucket(BUCKET).key("expect"), RequestBody.fromBytes(body));
            assertThat(c.getObjectAsBytes(b -> b.bucket(BUCKET).key("expect")).asByteArray())
                    .isEqualTo(body);
            assertThat(headerLines(tap.wire(), "Expect: 100-continue")).isEqualTo(1);
        }
        assertThat(proxy.stats().httpRequests()).isEqualTo(2);
        assertThat(proxy.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void injectedErrorOnAnExpectContinuePutIsSeenAndTheRetryGoesThrough() throws IOException {
        proxy.failNextHttpRequests(1, 503);
        byte[] body = randomBytes(50_000, 2);
        try (WireTap tap = new WireTap(proxy.port());
                S3Client c = client(tap.url(), RequestChecksumCalculation.WHEN_REQUIRED, 2)) {
            c.putObject(b -> b.bucket(BUCKET).key("expect-retried"), RequestBody.fromBytes(body));
            assertThat(c.getObjectAsBytes(b -> b.bucket(BUCKET).key("expect-retried"))
                            .asByteArray())
                    .isEqualTo(body);
            assertThat(headerLines(tap.wire(), "Expect: 100-continue")).isEqualTo(2);
        }
        assertThat(sent).hasSize(3);
        assertThat(proxy.stats().httpErrorsInjected()).isEqualTo(1);
        assertThat(proxy.stats().httpRequests()).isEqualTo(3);
        // the injected error closes its connection; the retry and the GET share the next one
        assertThat(proxy.stats().connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void largeBodyIsForwardedByteForByteAndTheNextRequestIsFound() {
        // about 24 MiB, sent by the SDK in signed aws-chunked frames
        byte[] body = randomBytes(24 * 1024 * 1024 + 17, 3);
        try (S3Client c = client()) {
            c.putObject(b -> b.bucket(BUCKET).key("large"), RequestBody.fromBytes(body));
            assertThat(c.headObject(b -> b.bucket(BUCKET).key("large")).contentLength())
                    .isEqualTo(body.length);
            assertThat(c.getObjectAsBytes(b -> b.bucket(BUCKET).key("large")).asByteArray())
                    .isEqualTo(body);
        }
        assertThat(proxy.stats().httpRequests()).isEqualTo(3);
        assertThat(proxy.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void awsChunkedBodyWithTrailingChecksumIsForwardedAndTheNextRequestIsFound() {
        byte[] body = randomBytes(300_000, 4);
        try (S3Client c = client(RequestChecksumCalculation.WHEN_SUPPORTED, 1)) {
            c.putObject(b -> b.bucket(BUCKET).key("aws-chunked"), RequestBody.fromBytes(body));
            assertThat(c.getObjectAsBytes(b -> b.bucket(BUCKET).key("aws-chunked"))
                            .asByteArray())
                    .isEqualTo(body);
        }
        // the SDK framed the PUT as aws-chunked (chunk signatures or a trailing checksum inside a
        // Content-Length body): the proxy must count the body by Content-Length, not by the decoded size
        assertThat(header("Content-Encoding").get(0)).contains("aws-chunked");
        assertThat(header("x-amz-decoded-content-length").get(0)).isEqualTo(String.valueOf(body.length));
        assertThat(header("x-amz-trailer").get(0)).startsWith("x-amz-checksum-");
        assertThat(header("Transfer-Encoding").get(0)).isEmpty();
        assertThat(proxy.stats().httpRequests()).isEqualTo(2);
        assertThat(proxy.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void headResponsesWithoutBodyKeepTheConnectionUsable() {
        try (S3Client c = client()) {
            c.putObject(b -> b.bucket(BUCKET).key("head"), RequestBody.fromString("0123456789"));
            for (int i = 0; i < 3; i++) {
                assertThat(c.headObject(b -> b.bucket(BUCKET).key("head")).contentLength())
                        .isEqualTo(10);
            }
            assertThat(c.getObjectAsBytes(b -> b.bucket(BUCKET).key("head")).asUtf8String())
                    .isEqualTo("0123456789");
        }
        assertThat(proxy.stats().httpRequests()).isEqualTo(5);
        assertThat(proxy.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void injectedErrorOnAHeadIsSeenByTheSdk() {
        try (S3Client c = client()) {
            c.putObject(b -> b.bucket(BUCKET).key("head-fail"), RequestBody.fromString("x"));
            proxy.failNextHttpRequests(1, 503);
            assertThatThrownBy(() -> c.headObject(b -> b.bucket(BUCKET).key("head-fail")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
            assertThat(c.headObject(b -> b.bucket(BUCKET).key("head-fail")).contentLength())
                    .isEqualTo(1);
        }
        assertThat(proxy.stats().httpErrorsInjected()).isEqualTo(1);
        assertThat(proxy.stats().httpRequests()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ raw HTTP/1.1 (framings the SDK does not send
    // to S3)

    private S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(proxy.httpUrl())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    private URL presignedPut(String key) {
        try (S3Presigner p = presigner()) {
            return p.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                            .putObjectRequest(b -> b.bucket(BUCKET).key(key)))
                    .url();
        }
    }

    private URL presignedGet(String key) {
        try (S3Presigner p = presigner()) {
            return p.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(b -> b.bucket(BUCKET).key(key)))
                    .url();
        }
    }

    private static String requestHead(String method, URL url, String... headers) {
        StringBuilder sb = new StringBuilder(method)
                .append(' ')
                .append(url.getFile())
                .append(" HTTP/1.1\r\nHost: ")
                .append(url.getHost())
                .append(':')
                .append(url.getPort())
                .append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads one response; the body by Content-Length (none for HEAD and 1xx). */
    private static Response readResponse(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head after " + lines);
            }
            if (b == '\n') {
                String l = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                line.reset();
                if (l.isEmpty()) {
                    break;
                }
                lines.add(l);
            } else {
                line.write(b);
            }
        }
        int status = Integer.parseInt(lines.get(0).split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            headers.put(
                    h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim());
        }
        int len = head || status < 200 ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(len);
        if (body.length < len) {
            throw new IOException("connection closed inside a response body");
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunked(byte[] body, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < body.length; off += chunk) {
            int n = Math.min(chunk, body.length - off);
            // a chunk extension on every other chunk: the size ends at the ';'
            String size = Integer.toHexString(n) + (off / chunk % 2 == 0 ? ";ext=\"a;b\"" : "");
            out.writeBytes((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, off, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\nx-trailer: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void transferEncodingChunkedBodyWithExtensionsAndTrailerIsForwardedAndTheNextRequestIsFound() throws Exception {
        byte[] body = randomBytes(100_000, 5);
        URL put = presignedPut("te-chunked");
        URL get = presignedGet("te-chunked");
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(requestHead("PUT", put, "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
            out.write(chunked(body, 8191));
            out.flush();
            Response r = readResponse(in, false);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            out.write(requestHead("GET", get).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Response g = readResponse(in, false);
            assertThat(g.status()).as(g.text()).isEqualTo(200);
            assertThat(g.body()).isEqualTo(body);
        }
        assertThat(proxy.stats().httpRequests()).isEqualTo(2);
        assertThat(proxy.stats().connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void malformedFramingClosesTheConnectionInsteadOfLeavingTheClientHanging() throws Exception {
        // an upstream that reads and never answers: only the proxy can end the exchange
        try (ServerSocket silent = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (String[] framing :
                    new String[][] {{"Content-Length: abc", ""}, {"Transfer-Encoding: chunked", "zz"}}) {
                try (FaultProxy p = FaultProxy.http("malformed", silent.getLocalPort());
                        Socket s = new Socket("127.0.0.1", p.port())) {
                    s.setSoTimeout(10_000);
                    OutputStream out = s.getOutputStream();
                    out.write(("PUT /b/k HTTP/1.1\r\nHost: x\r\n" + framing[0] + "\r\n\r\n" + framing[1] + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(s.getInputStream().read()).as(framing[0]).isEqualTo(-1);
                }
            }
            held.forEach(h -> {
                try {
                    h.close();
                } catch (IOException ignored) {
                    // closing
                }
            });
        }
    }

    @Test
    void injectedErrorAfterAChunkedBodyHitsTheNextRequestNotTheBody() throws Exception {
        // a chunk whose data holds a whole request head: only a parser that follows the chunk sizes skips it
        byte[] body =
                ("GET /" + BUCKET + " HTTP/1.1\r\nHost: x\r\n\r\n").repeat(50).getBytes(StandardCharsets.US_ASCII);
        URL put = presignedPut("te-decoy");
        URL get = presignedGet("te-decoy");
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(requestHead("PUT", put, "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
            out.write(chunked(body, 1000));
            out.flush();
            assertThat(readResponse(in, false).status()).isEqualTo(200);
            proxy.failNextHttpRequests(1, 503);
            out.write(requestHead("GET", get).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Response g = readResponse(in, false);
            assertThat(g.status()).isEqualTo(503);
            assertThat(g.text()).contains("injected by tidemark FaultProxy");
            assertThat(g.headers()).containsEntry("connection", "close");
            assertThat(in.read()).as("the proxy closes after an injected error").isEqualTo(-1);
        }
        assertThat(proxy.stats().httpRequests()).isEqualTo(2);
        assertThat(proxy.stats().httpErrorsInjected()).isEqualTo(1);
        try (S3Client c = client()) {
            assertThat(c.getObjectAsBytes(b -> b.bucket(BUCKET).key("te-decoy")).asByteArray())
                    .isEqualTo(body);
        }
    }

    @Test
    void expectContinueWaitsForTheServersHundredContinueBeforeTheBody() throws Exception {
        byte[] body = randomBytes(10_000, 6);
        URL put = presignedPut("raw-expect");
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(requestHead("PUT", put, "Content-Length: " + body.length, "Expect: 100-continue")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Response cont = readResponse(in, false);
            assertThat(cont.status()).as("s3proxy's interim answer, forwarded").isEqualTo(100);
            out.write(body);
            out.flush();
            Response r = readResponse(in, false);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }
        assertThat(proxy.stats().httpRequests()).isEqualTo(1);
        try (S3Client c = client()) {
            assertThat(c.getObjectAsBytes(b -> b.bucket(BUCKET).key("raw-expect"))
                            .asByteArray())
                    .isEqualTo(body);
        }
    }

    @Test
    void injectedErrorOnAnExpectContinueRequestIsAnsweredWithoutWaitingForTheBody() throws Exception {
        proxy.failNextHttpRequests(1, 500);
        URL put = presignedPut("raw-expect-fail");
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(requestHead("PUT", put, "Content-Length: 1000000", "Expect: 100-continue")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Response r = readResponse(in, false);
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.text()).contains("<Code>InternalError</Code>");
        }
        assertThat(proxy.stats().httpErrorsInjected()).isEqualTo(1);
    }

    @Test
    void injectedErrorOnAHeadRequestHasContentLengthButNoBody() throws Exception {
        proxy.failNextHttpRequests(1, 503);
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("HEAD /" + BUCKET + "/anything HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Response r = readResponse(in, true);
            assertThat(r.status()).isEqualTo(503);
            assertThat(Integer.parseInt(r.headers().get("content-length"))).isPositive();
            assertThat(in.read()).as("no body after the head, then close").isEqualTo(-1);
        }
    }

    @Test
    void pipelinedRequestsAreEachFoundAndAnsweredInOrder() throws Exception {
        URL get = presignedGet("ka-pipelined");
        try (S3Client c = client()) {
            c.putObject(b -> b.bucket(BUCKET).key("ka-pipelined"), RequestBody.fromString("pipelined"));
        }
        long before = proxy.stats().httpRequests();
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String three = requestHead("GET", get) + requestHead("HEAD", get) + requestHead("GET", get);
            out.write(three.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Response a = readResponse(in, false);
            Response h = readResponse(in, true);
            Response b = readResponse(in, false);
            // the HEAD carries the GET's presigned signature: s3proxy refuses it, a 403 head without a body
            assertThat(Arrays.asList(a.status(), h.status(), b.status())).containsExactly(200, 403, 200);
            assertThat(a.text()).isEqualTo("pipelined");
            assertThat(b.text()).isEqualTo("pipelined");
        }
        assertThat(proxy.stats().httpRequests() - before).isEqualTo(3);
    }
}
