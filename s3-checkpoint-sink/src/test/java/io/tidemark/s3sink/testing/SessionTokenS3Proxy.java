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
 * An s3proxy process (filesystem backend) that checks SigV4 signatures against one identity
 * ({@link #ACCESS_KEY}) and accepts the x-amz-security-token header that requests signed with
 * temporary credentials (STS AssumeRole, web identity) carry, which the s3proxy of
 * {@link S3ProxyServer} refuses as an unknown header. The session token itself is not checked.
 */
public final class SessionTokenS3Proxy implements AutoCloseable {

    /** The one identity this s3proxy accepts; a stub STS hands it out as temporary credentials. */
    public static final String ACCESS_KEY = "AKIATEMPORARYKEY";

    public static final String SECRET_KEY = "temporary-secret";

    private final int port;
    private final ManagedProcess process;

    private SessionTokenS3Proxy(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    public static SessionTokenS3Proxy start(Path stateDir) {
        int port = Ports.freePort();
        try {
            Files.createDirectories(stateDir.resolve("data"));
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", ACCESS_KEY);
            p.setProperty("s3proxy.credential", SECRET_KEY);
            // s3proxy rejects x-amz-* headers it does not know (501 NotImplemented), x-amz-security-token among
            // them; ignored, the header still counts in the SigV4 signature s3proxy checks
            p.setProperty("s3proxy.ignore-unknown-headers", "true");
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.filesystem.basedir", stateDir.resolve("data").toString());
            p.setProperty("jclouds.identity", "local");
            p.setProperty("jclouds.credential", "local");
            try (Writer w = Files.newBufferedWriter(stateDir.resolve("s3proxy.conf"))) {
                p.store(w, "written by SessionTokenS3Proxy");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = JavaProcess.named("s3proxy-session-token")
                .jar(LaunchClasspath.s3proxyJar())
                .jvmArgs(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                .args("--properties", stateDir.resolve("s3proxy.conf").toString())
                .workDir(stateDir)
                .logFile(stateDir.resolve("s3proxy.log"))
                .build();
        process.start();
        SessionTokenS3Proxy s = new SessionTokenS3Proxy(port, process);
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
