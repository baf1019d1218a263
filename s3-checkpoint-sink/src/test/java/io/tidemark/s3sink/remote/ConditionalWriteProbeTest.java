/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.testing.S3ProxyServer;
import io.tidemark.s3sink.testing.UnsignedS3Proxy;
import io.tidemark.stack.fault.FaultProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe of the conditional writes the manifest fencing rests on, against real s3proxy: signed
 * (as the sink runs), and unsigned behind local-stack's fault proxy, which strips If-None-Match and
 * If-Match from every request so that the store behind it ignores them.
 */
class ConditionalWriteProbeTest {

    @TempDir
    Path tmp;

    @Test
    void s3proxyHonoursIfNoneMatchAndIfMatchAndTheProbeLeavesNoObject() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        try (RemoteStore remote = new RemoteStore(s3.settings("probe-signed", ChecksumAlgorithm.CRC32C))) {
            ConditionalWriteProbe.Result r = ConditionalWriteProbe.run(remote, "p/_tidemark/probe-a");
            assertThat(r.ignored()).isEmpty();
            assertThat(r.honoured()).isTrue();
            assertThat(remote.head("p/_tidemark/probe-a")).isEmpty();
        }
    }

    @Test
    void aStoreThatIgnoresTheConditionsFailsBothChecks() {
        try (UnsignedS3Proxy s3 = UnsignedS3Proxy.start(tmp.resolve("s3"));
                FaultProxy proxy = FaultProxy.http("s3", s3.port())) {
            // the same store without the proxy's rewrite honours both conditions
            try (RemoteStore direct = store(s3.endpoint())) {
                direct.client().createBucket(b -> b.bucket("probe"));
                assertThat(ConditionalWriteProbe.run(direct, "p/_tidemark/probe-direct")
                                .ignored())
                        .isEmpty();
            }
            proxy.stripConditionalHeaders(true);
            try (RemoteStore stripped = store(proxy.httpUrl())) {
                ConditionalWriteProbe.Result r = ConditionalWriteProbe.run(stripped, "p/_tidemark/probe-stripped");
                assertThat(r.honoured()).isFalse();
                assertThat(r.ignored())
                        .satisfiesExactly(
                                create ->
                                        assertThat(create).contains("If-None-Match: * on an existing object succeeded"),
                                stale -> assertThat(stale).contains("If-Match on a stale ETag"));
                assertThat(stripped.head("p/_tidemark/probe-stripped")).isEmpty();
            }
        }
    }

    private static RemoteStore store(URI endpoint) {
        return new RemoteStore(new S3Settings(
                "probe",
                "us-east-1",
                endpoint,
                true,
                "unsigned",
                "unsigned",
                S3Settings.SseType.NONE,
                null,
                S3Settings.MIN_PART_SIZE,
                S3Settings.MIN_PART_SIZE,
                ChecksumAlgorithm.CRC32C,
                new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)),
                Duration.ofSeconds(30),
                2));
    }
}
