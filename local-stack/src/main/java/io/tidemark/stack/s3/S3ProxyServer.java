/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.s3;

import io.tidemark.stack.JavaProcess;
import io.tidemark.stack.LaunchClasspath;
import io.tidemark.stack.Ports;
import io.tidemark.stack.ServerProcess;
import io.tidemark.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * s3proxy (org.gaul:s3proxy jar-with-dependencies) as its own process ({@code java -jar}, never in-process: its
 * 163 bundled jars clash with ours) on 127.0.0.1, filesystem backend under {@code stateDir/data}, signature
 * checking on (aws-v2-or-v4) with a generated access key and secret; one bucket created at start.
 */
public final class S3ProxyServer extends ServerProcess<S3ProxyServer> implements S3Endpoint {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path stateDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;

    public S3ProxyServer(Path stateDir, String bucket) {
        this(stateDir, bucket, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /**
     * With the JVM's default JIT and G1 instead of the fast-start flags (C1 only, serial GC), which
     * roughly triple s3proxy's CPU per byte: for benchmarks, where s3proxy's CPU is part of what is
     * measured.
     */
    public static S3ProxyServer withProductionJvm(Path stateDir, String bucket) {
        return new S3ProxyServer(stateDir, bucket, List.of("-Xmx256m", "-XX:+UseG1GC"));
    }

    private S3ProxyServer(Path stateDir, String bucket, List<String> jvmArgs) {
        super(Duration.ofSeconds(120), Duration.ofSeconds(10));
        this.stateDir = stateDir;
        this.bucket = bucket;
        this.port = Ports.freePort();
        this.accessKey = "AK" + random(18).toUpperCase(java.util.Locale.ROOT);
        this.secretKey = random(40);
        try {
            Files.createDirectories(stateDir.resolve("data"));
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", accessKey);
            p.setProperty("s3proxy.credential", secretKey);
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.filesystem.basedir", stateDir.resolve("data").toString());
            p.setProperty("jclouds.identity", "local");
            p.setProperty("jclouds.credential", "local");
            try (Writer w = Files.newBufferedWriter(stateDir.resolve("s3proxy.conf"))) {
                p.store(w, "written by io.tidemark.stack.s3.S3ProxyServer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch(JavaProcess.named("s3proxy")
                .jar(LaunchClasspath.s3proxyJar())
                .jvmArgs(jvmArgs)
                .args("--properties", stateDir.resolve("s3proxy.conf").toString())
                .workDir(stateDir)
                .logFile(stateDir.resolve("s3proxy.log"))
                .build());
    }

    private static String random(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Override
    protected int listenPort() {
        return port;
    }

    /** Ready when the bucket is created (or exists already, after a restart). */
    @Override
    protected void awaitAnswer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (S3Client s3 = client()) {
            while (true) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                    return;
                } catch (BucketAlreadyOwnedByYouException e) {
                    return;
                } catch (RuntimeException e) {
                    if (e.getMessage() != null && e.getMessage().contains("BucketAlreadyOwnedByYou")) {
                        return;
                    }
                    if (System.nanoTime() > deadline || !isRunning()) {
                        throw new StackException(
                                "s3proxy: cannot create bucket " + bucket + ": " + e + "\n" + logTail(40), e);
                    }
                    io.tidemark.stack.Sleep.millis(100);
                }
            }
        }
    }

    @Override
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** Where the filesystem backend keeps the objects: {@code data/<bucket>/<key>}. */
    public Path dataDir() {
        return stateDir.resolve("data");
    }

    @Override
    public String toString() {
        return "s3proxy[" + endpoint() + " bucket " + bucket + ", " + stateDir + "]";
    }
}
