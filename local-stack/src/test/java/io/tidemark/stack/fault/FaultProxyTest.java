/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.mongo.MongoServerProcess;
import io.tidemark.stack.s3.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Each fault of the proxy is observed by a real client: the AWS SDK against s3proxy, the Mongo driver, raw sockets. */
class FaultProxyTest {
    static LocalStack stack;
    static S3ProxyServer s3;
    static MongoServerProcess mongo;
    static FaultProxy s3Proxy;
    static FaultProxy mongoProxy;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.create("FaultProxyTest");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var s = pool.submit(() -> stack.startS3("faults"));
        var m = pool.submit(() -> stack.startMongoServerProcess());
        s3 = s.get();
        mongo = m.get();
        pool.shutdown();
        s3Proxy = stack.faultProxy("s3", s3.port(), FaultProxy.Mode.HTTP);
        mongoProxy = stack.faultProxy("mongo", mongo.port(), FaultProxy.Mode.TCP);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @AfterEach
    void heal() {
        s3Proxy.heal();
        mongoProxy.heal();
    }

    private static S3Client s3ThroughProxy(boolean retries) {
        return S3Client.builder()
                .endpointOverride(s3Proxy.httpUrl())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                s3.accessKey(), s3.secretKey())))
                .forcePathStyle(true)
                .overrideConfiguration(
                        o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(retries ? 3 : 1)))
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(2))
                        .connectionTimeout(Duration.ofSeconds(2)))
                .build();
    }

    @Test
    void passesTrafficThroughWhenHealthy() {
        try (S3Client c = s3ThroughProxy(false)) {
            c.putObject(b -> b.bucket("faults").key("ok"), RequestBody.fromString("through the proxy"));
            assertThat(c.getObjectAsBytes(b -> b.bucket("faults").key("ok")).asUtf8String())
                    .isEqualTo("through the proxy");
        }
        assertThat(s3Proxy.stats().httpRequests()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void injected503IsSeenByTheAwsSdkAndCounted() {
        long before = s3Proxy.stats().httpErrorsInjected();
        s3Proxy.failNextHttpRequests(1, 503);
        try (S3Client c = s3ThroughProxy(false)) {
            assertThatThrownBy(() -> c.putObject(b -> b.bucket("faults").key("x"), RequestBody.fromString("payload")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
            // the next request goes through
            c.putObject(b -> b.bucket("faults").key("x"), RequestBody.fromString("payload"));
        }
        assertThat(s3Proxy.stats().httpErrorsInjected() - before).isEqualTo(1);
    }

    @Test
    void injected500IsRetriedBySdkWithRetries() {
        long before = s3Proxy.stats().httpErrorsInjected();
        s3Proxy.failNextHttpRequests(2, 500);
        try (S3Client c = s3ThroughProxy(true)) {
            c.putObject(b -> b.bucket("faults").key("retried"), RequestBody.fromString("eventually"));
            assertThat(c.getObjectAsBytes(b -> b.bucket("faults").key("retried"))
                            .asUtf8String())
                    .isEqualTo("eventually");
        }
        assertThat(s3Proxy.stats().httpErrorsInjected() - before).isEqualTo(2);
    }

    @Test
    void fractionOfRequestsFailsWithPlainHttpClient() throws Exception {
        s3Proxy.failHttpFraction(0.5, 503);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int errors = 0;
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(s3Proxy.httpUrl() + "/faults"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 503) {
                errors++;
                assertThat(r.body()).contains("injected by tidemark FaultProxy");
            } else {
                assertThat(r.statusCode()).isEqualTo(403); // unsigned request reached s3proxy
            }
        }
        assertThat(errors).isBetween(5, 35);
    }

    @Test
    void latencyIsAddedToEachRequest() {
        try (S3Client c = s3ThroughProxy(false)) {
            c.headBucket(b -> b.bucket("faults")); // warm up the connection
            long base = timeMs(() -> c.headBucket(b -> b.bucket("faults")));
            s3Proxy.latency(Duration.ofMillis(400));
            long slow = timeMs(() -> c.headBucket(b -> b.bucket("faults")));
            assertThat(slow).isGreaterThanOrEqualTo(400).isGreaterThan(base + 300);
        }
        assertThat(s3Proxy.stats().chunksDelayed()).isPositive();
    }

    @Test
    void resetIsAnIOExceptionForRawSocketsAndMongoDriver() throws Exception {
        mongoProxy.resetConnections(true);
        long before = mongoProxy.stats().connectionsReset();
        try (Socket s = new Socket("127.0.0.1", mongoProxy.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThatThrownBy(() -> in.read()).isInstanceOf(IOException.class).hasMessageContaining("reset");
        }
        try (MongoClient c = mongoThroughProxy(2000)) {
            assertThatThrownBy(() -> c.getDatabase("admin").runCommand(new Document("ping", 1)))
                    .isInstanceOf(MongoException.class);
        }
        assertThat(mongoProxy.stats().connectionsReset() - before).isGreaterThanOrEqualTo(2);
    }

    @Test
    void resetOpenConnectionsBreaksAnEstablishedConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", mongoProxy.port())) {
            s.setSoTimeout(5000);
            // wait until the proxy has registered the connection pair
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int n = 0;
            while (n == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                n = mongoProxy.resetOpenConnections();
            }
            assertThat(n).isPositive();
            assertThatThrownBy(() -> {
                        s.getOutputStream().write(new byte[16]);
                        s.getInputStream().read();
                    })
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void blackholeTimesOutTheClient() throws Exception {
        mongoProxy.blackhole(true);
        long before = mongoProxy.stats().connectionsBlackholed();
        try (Socket s = new Socket("127.0.0.1", mongoProxy.port())) {
            s.setSoTimeout(700);
            s.getOutputStream().write("anyone there?".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        try (S3Client c = s3ThroughProxy(false)) {
            s3Proxy.blackhole(true);
            long ms = timeMs(() -> assertThatThrownBy(() -> c.headBucket(b -> b.bucket("faults")))
                    .hasStackTraceContaining("timed out"));
            assertThat(ms).isGreaterThanOrEqualTo(1500);
        }
        assertThat(mongoProxy.stats().connectionsBlackholed() - before).isEqualTo(1);
        assertThat(s3Proxy.stats().connectionsBlackholed()).isPositive();
    }

    @Test
    void mongoDriverWorksThroughHealthyProxy() {
        try (MongoClient c = mongoThroughProxy(5000)) {
            c.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
            assertThat(c.getDatabase("db").getCollection("c").countDocuments()).isEqualTo(1);
        }
    }

    private static MongoClient mongoThroughProxy(int timeoutMs) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + mongoProxy.port()))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.readTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .retryReads(false)
                .retryWrites(false)
                .build());
    }

    private static long timeMs(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
