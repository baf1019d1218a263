/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * An s3proxy process (filesystem backend) that checks no request signatures
 * ({@code s3proxy.authorization=none}), for tests that put local-stack's {@code FaultProxy} in front
 * of it to rewrite requests: a rewritten header would break a SigV4 signature, which signs it.
 * Otherwise the same s3proxy as {@link S3ProxyServer}, conditional writes included.
 */
public final class UnsignedS3Proxy implements AutoCloseable {

    private final S3ProxyProcess process;

    private UnsignedS3Proxy(S3ProxyProcess process) {
        this.process = process;
    }

    public static UnsignedS3Proxy start(Path stateDir) {
        return new UnsignedS3Proxy(
                S3ProxyProcess.start("s3proxy-unsigned", stateDir, Map.of("s3proxy.authorization", "none")));
    }

    public int port() {
        return process.port();
    }

    public URI endpoint() {
        return process.endpoint();
    }

    @Override
    public void close() {
        process.close();
    }
}
