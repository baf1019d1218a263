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
import java.util.Map;
import java.util.Properties;

/**
 * An s3proxy process with a filesystem backend under {@code stateDir/data} and the s3proxy settings a test
 * chooses (authorization, identity, header handling): the one way the special-purpose s3proxies of these
 * tests are started.
 */
final class S3ProxyProcess implements AutoCloseable {

    private final int port;
    private final ManagedProcess process;

    private S3ProxyProcess(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Starts s3proxy named {@code name} with {@code settings} on a free port and waits until it listens. */
    static S3ProxyProcess start(String name, Path stateDir, Map<String, String> settings) {
        int port = Ports.freePort();
        try {
            Files.createDirectories(stateDir.resolve("data"));
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            settings.forEach(p::setProperty);
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.filesystem.basedir", stateDir.resolve("data").toString());
            p.setProperty("jclouds.identity", "local");
            p.setProperty("jclouds.credential", "local");
            try (Writer w = Files.newBufferedWriter(stateDir.resolve("s3proxy.conf"))) {
                p.store(w, "written by " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = JavaProcess.named(name)
                .jar(LaunchClasspath.s3proxyJar())
                .jvmArgs(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                .args("--properties", stateDir.resolve("s3proxy.conf").toString())
                .workDir(stateDir)
                .logFile(stateDir.resolve("s3proxy.log"))
                .build();
        process.start();
        S3ProxyProcess s = new S3ProxyProcess(port, process);
        try {
            Ports.awaitListening(port, Duration.ofSeconds(120), process);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    int port() {
        return port;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
