/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.testing;

import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The s3proxy of the unit tests: local-stack's {@link io.tidemark.stack.s3.S3ProxyServer} (own
 * process, filesystem backend, signature checks on, generated credentials), one per test JVM,
 * started lazily and stopped at JVM exit, plus what the domain tests need on top: {@link S3Settings}
 * for any number of buckets (created on demand) and the process's CPU time for the benchmark.
 */
public final class S3ProxyServer {

    private static S3ProxyServer shared;
    private static S3ProxyServer fullSpeed;

    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final Path dir;
    private final Runnable stopper;

    private S3ProxyServer(URI endpoint, String accessKey, String secretKey, Path dir, Runnable stopper) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.dir = dir;
        this.stopper = stopper;
    }

    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start();
            S3ProxyServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return shared;
    }

    /** A new server: local-stack's s3proxy process. */
    public static S3ProxyServer start() {
        return start(false);
    }

    private static S3ProxyServer start(boolean productionJvm) {
        try {
            Path dir = Files.createTempDirectory("s3proxy");
            io.tidemark.stack.s3.S3ProxyServer server = productionJvm
                    ? io.tidemark.stack.s3.S3ProxyServer.withProductionJvm(dir, "tidemark-test")
                    : new io.tidemark.stack.s3.S3ProxyServer(dir, "tidemark-test");
            server.start();
            return new S3ProxyServer(server.endpoint(), server.accessKey(), server.secretKey(), dir, server::stop);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For the throughput benchmark: local-stack's s3proxy with the JVM's default JIT and GC. The
     * fast-start flags local-stack uses otherwise roughly triple s3proxy's CPU per byte and so slow
     * the raw baseline the benchmark compares against (measured: raw 53-67 MB/s instead of 90-330,
     * ours/raw 65-81% only because the limit itself got slower).
     */
    public static synchronized S3ProxyServer fullSpeed() {
        if (fullSpeed == null) {
            fullSpeed = start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(fullSpeed::stop));
        }
        return fullSpeed;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public Path directory() {
        return dir;
    }

    /**
     * CPU time the s3proxy process has used so far (for the throughput benchmark's accounting): the
     * child process of this JVM whose command line names this server's state directory.
     */
    public Duration cpuTime() {
        String conf = dir.resolve("s3proxy.conf").toString();
        Optional<ProcessHandle> p = ProcessHandle.current()
                .descendants()
                .filter(h -> h.info()
                        .arguments()
                        .map(a -> Arrays.asList(a).contains(conf))
                        .orElse(false))
                .findFirst();
        return p.flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** Settings for a bucket at this server (created if missing). */
    public S3Settings settings(String bucket, ChecksumAlgorithm checksum) {
        return settings(bucket, checksum, endpoint());
    }

    public S3Settings settings(String bucket, ChecksumAlgorithm checksum, URI via) {
        S3Settings s = new S3Settings(
                bucket,
                "us-east-1",
                via,
                true,
                accessKey(),
                secretKey(),
                S3Settings.SseType.NONE,
                null,
                S3Settings.MIN_PART_SIZE,
                8L * 1024 * 1024,
                checksum,
                new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(500)),
                Duration.ofSeconds(30),
                16);
        createBucket(bucket);
        return s;
    }

    public void createBucket(String bucket) {
        S3Settings s = new S3Settings(
                bucket,
                "us-east-1",
                endpoint(),
                true,
                accessKey(),
                secretKey(),
                S3Settings.SseType.NONE,
                null,
                S3Settings.MIN_PART_SIZE,
                S3Settings.MIN_PART_SIZE,
                ChecksumAlgorithm.CRC32C,
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(30),
                2);
        try (RemoteStore r = new RemoteStore(s)) {
            try {
                r.client().createBucket(b -> b.bucket(bucket));
            } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                    | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException e) {
                // fine
            }
        }
    }

    public void stop() {
        stopper.run();
    }
}
