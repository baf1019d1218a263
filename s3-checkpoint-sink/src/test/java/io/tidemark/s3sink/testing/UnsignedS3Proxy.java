/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.testing;

import io.tidemark.stack.JavaProcess;
import io.tidemark.stack.LaunchClasspath;
import io.tidemark.stack.ManagedProcess;
import io.tidemark.stack.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * An s3proxy process (filesystem backend) that checks no request signatures
 * ({@code s3proxy.authorization=none}), for tests that put local-stack's {@code FaultProxy} in front
 * of it to rewrite requests: a rewritten header would break a SigV4 signature, which signs it.
 * Otherwise the same s3proxy as {@link S3ProxyServer}, conditional writes included.
 */
public final class UnsignedS3Proxy implements AutoCloseable {

    private final int port;
    private final ManagedProcess process;

    private UnsignedS3Proxy(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    public static UnsignedS3Proxy start(Path stateDir) {
        int port = Ports.freePort();
        try {
            Files.createDirectories(stateDir.resolve("data"));
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            p.setProperty("s3proxy.authorization", "none");
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.filesystem.basedir", stateDir.resolve("data").toString());
            p.setProperty("jclouds.identity", "local");
            p.setProperty("jclouds.credential", "local");
            try (Writer w = Files.newBufferedWriter(stateDir.resolve("s3proxy.conf"))) {
                p.store(w, "written by UnsignedS3Proxy");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = JavaProcess.named("s3proxy-unsigned")
                .jar(LaunchClasspath.s3proxyJar())
                .jvmArgs(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                .args("--properties", stateDir.resolve("s3proxy.conf").toString())
                .workDir(stateDir)
                .logFile(stateDir.resolve("s3proxy.log"))
                .build();
        process.start();
        UnsignedS3Proxy s = new UnsignedS3Proxy(port, process);
        try {
            Ports.awaitListening(port, Duration.ofSeconds(120), process);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
