/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.ConditionalWriteProbe;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RemoteStoreException;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code validate()} checks against the real bucket: that a small object can be written
 * under the prefix, that the store honours the conditional writes the manifest fencing rests on
 * ({@link ConditionalWriteProbe}), and that the object can be deleted again. A failure is reported
 * on the setting to fix.
 */
final class S3ConnectivityCheck {

    private static final Logger LOG = LoggerFactory.getLogger(S3ConnectivityCheck.class);

    /** The setting to blame and the message, or null when the bucket is reachable and writable. */
    record Problem(String setting, String message) {}

    private S3ConnectivityCheck() {}

    /**
     * Writes, conditionally rewrites and deletes a probe object under the prefix
     * ({@link ConditionalWriteProbe}). A store that ignores the conditions is a problem on
     * {@code s3.endpoint}, unless {@code acceptUnverified}: then a WARN is logged.
     */
    static Problem check(S3Settings configured, String prefix, boolean acceptUnverified) {
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
        try (RemoteStore remote = new RemoteStore(s)) {
            ConditionalWriteProbe.Result probe = ConditionalWriteProbe.run(remote, probeKey(prefix));
            if (probe.honoured()) {
                return null;
            }
            if (acceptUnverified) {
                LOG.warn(unfencedWarning(where(s), probe));
                return null;
            }
            return new Problem(S3CheckpointSinkConfig.ENDPOINT_CONFIG, conditionalWritesIgnored(where(s), probe));
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

    /** A fresh key for one probe: {@code <prefix>_tidemark/probe-<uuid>}. */
    static String probeKey(String prefix) {
        return ObjectLayout.normalisePrefix(prefix) + "_tidemark/probe-" + UUID.randomUUID();
    }

    /** The bucket and, when set, the endpoint, for messages. */
    static String where(S3Settings s) {
        return "s3://" + s.bucket() + (s.endpoint() == null ? "" : " at " + s.endpoint());
    }

    /** The error when the store ignores the conditions and that is not accepted. */
    static String conditionalWritesIgnored(String where, ConditionalWriteProbe.Result probe) {
        return "this S3 store (" + where + ") ignores If-None-Match/If-Match conditional writes: " + probe.describe()
                + ". The sink's manifest fencing of zombie tasks needs them (AWS S3 since 2024-11, MinIO since"
                + " RELEASE.2024-05-07, s3proxy 4.1). Use a store that supports them, or set "
                + S3CheckpointSinkConfig.CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_CONFIG
                + "=true to run without zombie fencing";
    }

    /** The WARN when the store ignores the conditions and that is accepted. */
    static String unfencedWarning(String where, ConditionalWriteProbe.Result probe) {
        return "The S3 store " + where + " ignores If-None-Match/If-Match conditional writes (" + probe.describe()
                + "); running WITHOUT zombie fencing because "
                + S3CheckpointSinkConfig.CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_CONFIG
                + "=true: a frozen task that resumes after its partitions moved can overwrite the new owner's"
                + " manifests";
    }

    private static Problem blame(RemoteStoreException e, S3Settings s) {
        String code = e.errorCode() == null ? "" : e.errorCode();
        String where = where(s);
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
            case "NotImplemented" ->
                new Problem(
                        S3CheckpointSinkConfig.ENDPOINT_CONFIG,
                        "this S3 store (" + where + ") does not implement conditional writes (If-None-Match/If-Match),"
                                + " which every write of the sink uses: " + e.getMessage());
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
