/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tidemark.s3sink.testing.S3ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries are counted by the cause an operator acts on: throttling, 5xx, no answer. */
class RetryStatsTest {

    /** An S3 stand-in that answers the first {@code failures} requests with {@code status}/{@code code}, then 200. */
    private static HttpServer failingThenOk(int failures, int status, String code, AtomicInteger requests)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            if (requests.incrementAndGet() <= failures) {
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                                + "</Code><Message>try again</Message></Error>")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/xml");
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            } else {
                ex.getResponseHeaders().add("ETag", "\"0123456789abcdef\"");
                ex.sendResponseHeaders(200, -1);
                ex.close();
            }
        });
        http.start();
        return http;
    }

    private static S3Settings settings(URI endpoint, int attempts) {
        S3Settings base = S3ProxyServer.shared().settings("retries", ChecksumAlgorithm.CRC32C);
        return new S3Settings(
                "retries",
                base.region(),
                endpoint,
                true,
                base.accessKeyId(),
                base.secretAccessKey(),
                base.sseType(),
                null,
                base.partSizeBytes(),
                base.multipartThresholdBytes(),
                base.checksumAlgorithm(),
                new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5)),
                Duration.ofSeconds(10),
                2);
    }

    @Test
    void slowDownAnswersCountAsThrottledAndTheCallSucceedsAfterThem() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer http = failingThenOk(2, 503, "SlowDown", requests);
        try (RemoteStore s = new RemoteStore(
                settings(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), 5))) {
            s.putBytes("k", new byte[] {1}, WriteCondition.NONE);
            assertThat(requests).hasValue(3);
            assertThat(s.retryStats().retries(RetryStats.Cause.THROTTLED)).isEqualTo(2);
            assertThat(s.retryStats().retries(RetryStats.Cause.SERVER_ERROR)).isZero();
        } finally {
            http.stop(0);
        }
    }

    @Test
    void internalErrorsCountAsServerErrors() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer http = failingThenOk(1, 500, "InternalError", requests);
        try (RemoteStore s = new RemoteStore(
                settings(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), 5))) {
            s.putBytes("k", new byte[] {1}, WriteCondition.NONE);
            assertThat(s.retryStats().retries(RetryStats.Cause.SERVER_ERROR)).isEqualTo(1);
            assertThat(s.retryStats().retries(RetryStats.Cause.THROTTLED)).isZero();
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aStoreThatDoesNotAnswerCountsConnectionRetriesUntilTheAttemptsRunOut() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (RemoteStore s = new RemoteStore(settings(URI.create("http://127.0.0.1:" + port), 3))) {
            assertThatThrownBy(() -> s.putBytes("k", new byte[] {1}, WriteCondition.NONE))
                    .isInstanceOf(RemoteStoreException.class);
            assertThat(s.retryStats().retries(RetryStats.Cause.CONNECTION)).isEqualTo(2);
        }
    }
}
