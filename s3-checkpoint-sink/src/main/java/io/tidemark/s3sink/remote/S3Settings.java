/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to talk to the bucket. Secrets are held as plain strings only here, never
 * logged: {@link #toString()} masks them.
 */
public record S3Settings(
        String bucket,
        String region,
        URI endpoint,
        boolean pathStyle,
        String accessKeyId,
        String secretAccessKey,
        SseType sseType,
        String kmsKeyId,
        long partSizeBytes,
        long multipartThresholdBytes,
        ChecksumAlgorithm checksumAlgorithm,
        RetryPolicy retry,
        Duration apiCallTimeout,
        int maxConnections,
        AwsAuth auth) {

    /** Server-side encryption of objects. */
    public enum SseType {
        NONE,
        AES256,
        KMS
    }

    /** S3's minimum size of every part but the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** Static keys when set, else the default chain; no provider class, no assume-role. */
    public S3Settings(
            String bucket,
            String region,
            URI endpoint,
            boolean pathStyle,
            String accessKeyId,
            String secretAccessKey,
            SseType sseType,
            String kmsKeyId,
            long partSizeBytes,
            long multipartThresholdBytes,
            ChecksumAlgorithm checksumAlgorithm,
            RetryPolicy retry,
            Duration apiCallTimeout,
            int maxConnections) {
        this(
                bucket,
                region,
                endpoint,
                pathStyle,
                accessKeyId,
                secretAccessKey,
                sseType,
                kmsKeyId,
                partSizeBytes,
                multipartThresholdBytes,
                checksumAlgorithm,
                retry,
                apiCallTimeout,
                maxConnections,
                AwsAuth.NONE);
    }

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(sseType, "sseType");
        Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
        Objects.requireNonNull(retry, "retry");
        if (partSizeBytes < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size must be at least 5 MiB, was " + partSizeBytes);
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("set both the access key id and the secret access key, or neither");
        }
        if (accessKeyId != null && auth.hasProviderClass()) {
            throw new IllegalArgumentException("set static keys or a credentials provider class, not both");
        }
    }

    /** The same bucket and credentials with other retries, call timeout and connection pool (validate()'s probe). */
    public S3Settings withCalls(RetryPolicy retry, Duration apiCallTimeout, int maxConnections) {
        return new S3Settings(
                bucket,
                region,
                endpoint,
                pathStyle,
                accessKeyId,
                secretAccessKey,
                sseType,
                kmsKeyId,
                partSizeBytes,
                multipartThresholdBytes,
                checksumAlgorithm,
                retry,
                apiCallTimeout,
                maxConnections,
                auth);
    }

    /** The same settings with another way to get credentials. */
    public S3Settings withAuth(AwsAuth otherAuth) {
        return new S3Settings(
                bucket,
                region,
                endpoint,
                pathStyle,
                accessKeyId,
                secretAccessKey,
                sseType,
                kmsKeyId,
                partSizeBytes,
                multipartThresholdBytes,
                checksumAlgorithm,
                retry,
                apiCallTimeout,
                maxConnections,
                otherAuth);
    }

    public boolean hasStaticCredentials() {
        return accessKeyId != null;
    }

    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", pathStyle="
                + pathStyle + ", credentials="
                + (hasStaticCredentials()
                        ? "static(accessKeyId=" + mask(accessKeyId) + ", secret=[hidden])"
                        : auth.hasProviderClass() ? "provider(" + auth.providerClass() + ")" : "default-chain")
                + (auth.assumesRole() ? ", assumeRole=" + auth : "")
                + ", sse=" + sseType + ", partSize=" + partSizeBytes
                + ", multipartThreshold=" + multipartThresholdBytes + ", checksum=" + checksumAlgorithm + ", retry="
                + retry + "]";
    }

    private static String mask(String s) {
        return s.length() <= 4 ? "****" : s.substring(0, 4) + "****";
    }
}
