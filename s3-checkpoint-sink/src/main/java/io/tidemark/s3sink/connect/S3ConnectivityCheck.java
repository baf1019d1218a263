/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RemoteStoreException;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.remote.WriteCondition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * What {@code validate()} checks against the real bucket: that a small object can be written
 * under the prefix and deleted again. A failure is reported on the setting to fix.
 */
final class S3ConnectivityCheck {

    /** The setting to blame and the message, or null when the bucket is reachable and writable. */
    record Problem(String setting, String message) {}

    private S3ConnectivityCheck() {}

    static Problem check(S3Settings configured, String prefix) {
        S3Settings s = new S3Settings(
                configured.bucket(),
                configured.region(),
                configured.endpoint(),
                configured.pathStyle(),
                configured.accessKeyId(),
                configured.secretAccessKey(),
                configured.sseType(),
                configured.kmsKeyId(),
                configured.partSizeBytes(),
                configured.multipartThresholdBytes(),
                configured.checksumAlgorithm(),
                new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(200)),
                Duration.ofSeconds(10),
                2);
        String key = ObjectLayout.normalisePrefix(prefix) + "_tidemark/validate-" + UUID.randomUUID();
        try (RemoteStore remote = new RemoteStore(s)) {
            remote.putBytes(key, "validate".getBytes(StandardCharsets.UTF_8), WriteCondition.NONE);
            remote.delete(key);
            return null;
        } catch (RemoteStoreException e) {
            return blame(e, s);
        } catch (RuntimeException e) {
            // credentials provider chain found nothing, bad region, ...
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            if (msg.toLowerCase().contains("credential")) {
                return new Problem(
                        S3CheckpointSinkConfig.ACCESS_KEY_CONFIG,
                        "no AWS credentials: set aws.access.key.id"
                                + " and aws.secret.access.key, or provide them to the worker's default provider chain ("
                                + msg + ")");
            }
            return new Problem(S3CheckpointSinkConfig.REGION_CONFIG, "cannot create an S3 client: " + msg);
        }
    }

    private static Problem blame(RemoteStoreException e, S3Settings s) {
        String code = e.errorCode() == null ? "" : e.errorCode();
        String where = "s3://" + s.bucket() + (s.endpoint() == null ? "" : " at " + s.endpoint());
        return switch (code) {
            case "InvalidAccessKeyId" ->
                new Problem(S3CheckpointSinkConfig.ACCESS_KEY_CONFIG, "the access key id is not known to " + where);
            case "SignatureDoesNotMatch" ->
                new Problem(
                        S3CheckpointSinkConfig.SECRET_KEY_CONFIG,
                        "the secret access key does not match the access key id (" + where
                                + " rejected the signature)");
            case "NoSuchBucket" ->
                new Problem(
                        S3CheckpointSinkConfig.BUCKET_CONFIG,
                        "bucket " + s.bucket() + " does not exist"
                                + (s.endpoint() == null ? "" : " at " + s.endpoint()));
            case "AccessDenied" ->
                new Problem(
                        S3CheckpointSinkConfig.BUCKET_CONFIG,
                        "these credentials may not"
                                + " write and delete objects in " + where
                                + "; grant s3:PutObject, s3:GetObject, s3:DeleteObject"
                                + " and s3:ListBucket");
            case "PermanentRedirect", "AuthorizationHeaderMalformed" ->
                new Problem(S3CheckpointSinkConfig.REGION_CONFIG, "the bucket is in another region: " + e.getMessage());
            default ->
                e.statusCode() == 0
                        ? new Problem(
                                s.endpoint() == null
                                        ? S3CheckpointSinkConfig.REGION_CONFIG
                                        : S3CheckpointSinkConfig.ENDPOINT_CONFIG,
                                "cannot reach " + where + ": " + e.getMessage())
                        : new Problem(
                                S3CheckpointSinkConfig.BUCKET_CONFIG,
                                "writing a test object to " + where + " failed: " + e.getMessage());
        };
    }
}
