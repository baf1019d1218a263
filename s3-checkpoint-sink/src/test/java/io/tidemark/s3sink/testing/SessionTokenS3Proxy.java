/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

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

    private final S3ProxyProcess process;

    private SessionTokenS3Proxy(S3ProxyProcess process) {
        this.process = process;
    }

    public static SessionTokenS3Proxy start(Path stateDir) {
        return new SessionTokenS3Proxy(S3ProxyProcess.start(
                "s3proxy-session-token",
                stateDir,
                Map.of(
                        "s3proxy.authorization",
                        "aws-v2-or-v4",
                        "s3proxy.identity",
                        ACCESS_KEY,
                        "s3proxy.credential",
                        SECRET_KEY,
                        // s3proxy rejects x-amz-* headers it does not know (501 NotImplemented),
                        // x-amz-security-token among them; ignored, the header still counts in the SigV4
                        // signature s3proxy checks
                        "s3proxy.ignore-unknown-headers",
                        "true")));
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
