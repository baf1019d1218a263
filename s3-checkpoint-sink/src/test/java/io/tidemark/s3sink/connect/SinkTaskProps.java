/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.s3sink.testing.S3ProxyServer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.TestInfo;

/** Task settings for the sink task against the shared s3proxy, one new bucket per test method. */
final class SinkTaskProps {

    private SinkTaskProps() {}

    /**
     * Settings of a task named "sink" writing {@code topic} to a bucket {@code <bucketPrefix>-<test method>}
     * (created), uncompressed, with 2 attempts per S3 call; no {@code checkpoint.store.dir}.
     */
    static Map<String, String> forTest(String bucketPrefix, TestInfo info, String topic) {
        String name = info.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        String bucket = (bucketPrefix + "-" + name);
        bucket = bucket.substring(0, Math.min(60, bucket.length()));
        S3ProxyServer s3 = S3ProxyServer.shared();
        s3.createBucket(bucket);
        Map<String, String> m = new HashMap<>();
        m.put("name", "sink");
        m.put("connector.class", S3CheckpointSinkConnector.class.getName());
        m.put("topics", topic);
        m.put("s3.bucket.name", bucket);
        m.put("s3.endpoint", s3.endpoint().toString());
        m.put("s3.path.style.access", "true");
        m.put("aws.access.key.id", s3.accessKey());
        m.put("aws.secret.access.key", s3.secretKey());
        m.put("s3.retry.max.attempts", "2");
        m.put("format.compression", "none");
        return m;
    }
}
