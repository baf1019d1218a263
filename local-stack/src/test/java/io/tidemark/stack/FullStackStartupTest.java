/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Broker + worker + s3proxy + mongo-java-server from nothing to ready; prints the time (recorded in docs/PERFORMANCE.md). */
class FullStackStartupTest {

    @Test
    void fullStackStartsAndStopsCleanly() {
        LocalStack.Services services;
        long elapsedMs;
        try (LocalStack stack = LocalStack.create("startup")) {
            var plugins = PluginDirs.connectFile(stack.newDir("plugins"));
            long t0 = System.nanoTime();
            services = stack.startAll("startup", WorkerOptions.defaults().pluginPath(plugins));
            elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("FULL STACK STARTUP ms=" + elapsedMs
                    + " (broker + worker REST ready + s3proxy with bucket + mongo ping)");
            assertThat(services.worker().rest().connectorPlugins())
                    .contains("org.apache.kafka.connect.file.FileStreamSourceConnector");
            try (S3Client s3 = services.s3().client()) {
                assertThat(s3.listObjectsV2(b -> b.bucket("startup")).contents())
                        .isEmpty();
            }
            try (var mongo = services.mongo().client()) {
                assertThat(mongo.getDatabase("admin")
                                .runCommand(new Document("ping", 1))
                                .get("ok"))
                        .isNotNull();
            }
            assertThat(ProcessRegistry.live())
                    .hasSizeGreaterThanOrEqualTo(services.mongo().isRealMongo() ? 3 : 4);
        }
        assertThat(ProcessRegistry.live()).isEmpty();
        // 9 s on a quiet-ish 2-core machine; up to ~50 s when other builds saturate it (docs/PERFORMANCE.md)
        assertThat(elapsedMs).isLessThan(Duration.ofSeconds(120).toMillis());
    }
}
