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
import io.tidemark.s3sink.remote.S3Credentials;
import io.tidemark.s3sink.remote.S3Settings;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sts.model.StsException;

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
        S3Settings s = configured.withCalls(
                new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(200)), Duration.ofSeconds(10), 2);
        S3Credentials credentials;
        try {
            credentials = S3Credentials.of(s);
        } catch (RuntimeException e) {
            return cannotCreateCredentials(s, e);
        }
        try (RemoteStore remote = new RemoteStore(s, credentials)) {
            Problem auth = checkCredentials(credentials, s);
            if (auth != null) {
                return auth;
            }
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
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Problem(S3CheckpointSinkConfig.REGION_CONFIG, "cannot create an S3 client: " + msg);
        }
    }

    private static Problem cannotCreateCredentials(S3Settings s, RuntimeException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (s.auth().hasProviderClass()) {
            return new Problem(AwsAuthFragment.PROVIDER_CLASS_CONFIG, msg);
        }
        return new Problem(
                s.auth().assumesRole() ? AwsAuthFragment.ROLE_ARN_CONFIG : AwsAuthFragment.ACCESS_KEY_CONFIG,
                "cannot set up the AWS credentials: " + msg);
    }

    /**
     * Resolves the credentials once, first the base ones (static keys, provider class, default chain),
     * then, with {@code sts.role.arn}, the assumed role's, so that a failure lands on the setting that
     * causes it rather than on the bucket or the endpoint.
     */
    static Problem checkCredentials(S3Credentials credentials, S3Settings s) {
        try {
            credentials.base().resolveCredentials();
        } catch (RuntimeException e) {
            return baseCredentialsMissing(credentials.source(), describe(e));
        }
        if (!s.auth().assumesRole()) {
            return null;
        }
        try {
            credentials.resolveCredentials();
            return null;
        } catch (RuntimeException e) {
            return assumeRoleFailed(credentials.source(), s, e);
        }
    }

    private static Problem baseCredentialsMissing(S3Credentials.Source source, String msg) {
        return switch (source) {
            case PROVIDER_CLASS ->
                new Problem(
                        AwsAuthFragment.PROVIDER_CLASS_CONFIG, "the credentials provider found no credentials: " + msg);
            case STATIC_KEYS -> new Problem(AwsAuthFragment.ACCESS_KEY_CONFIG, "the static keys are unusable: " + msg);
            case DEFAULT_CHAIN ->
                new Problem(
                        AwsAuthFragment.ACCESS_KEY_CONFIG,
                        "no AWS credentials: set aws.access.key.id and aws.secret.access.key, or "
                                + AwsAuthFragment.PROVIDER_CLASS_CONFIG
                                + ", or provide them to the worker's default provider chain (environment, web identity"
                                + " token file, profile, container or instance role): " + msg);
        };
    }

    private static Problem assumeRoleFailed(S3Credentials.Source source, S3Settings s, RuntimeException e) {
        String role = s.auth().roleArn();
        StsException sts = find(e, StsException.class);
        if (sts == null) {
            // no answer from STS: connection refused, DNS, timeout
            return new Problem(
                    s.auth().stsEndpoint() != null
                            ? AwsAuthFragment.STS_ENDPOINT_CONFIG
                            : AwsAuthFragment.STS_REGION_CONFIG,
                    "cannot reach STS "
                            + (s.auth().stsEndpoint() != null
                                    ? "at " + s.auth().stsEndpoint()
                                    : "in region "
                                            + (s.auth().stsRegion() == null
                                                    ? s.region()
                                                    : s.auth().stsRegion()))
                            + " to assume role " + role + ": " + describe(e));
        }
        String code = sts.awsErrorDetails() == null
                ? ""
                : String.valueOf(sts.awsErrorDetails().errorCode());
        String detail = "STS answered HTTP " + sts.statusCode() + " " + code + ": "
                + (sts.awsErrorDetails() == null
                        ? sts.getMessage()
                        : sts.awsErrorDetails().errorMessage());
        switch (code) {
            case "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature", "ExpiredToken" -> {
                String field =
                        switch (source) {
                            case PROVIDER_CLASS -> AwsAuthFragment.PROVIDER_CLASS_CONFIG;
                            case STATIC_KEYS ->
                                code.equals("SignatureDoesNotMatch")
                                        ? AwsAuthFragment.SECRET_KEY_CONFIG
                                        : AwsAuthFragment.ACCESS_KEY_CONFIG;
                            case DEFAULT_CHAIN -> AwsAuthFragment.ACCESS_KEY_CONFIG;
                        };
                return new Problem(
                        field,
                        "STS rejected the credentials that assume role " + role + " (" + sourceName(source) + "): "
                                + detail);
            }
            default -> {
                if (sts.statusCode() >= 500 || sts.statusCode() == 429) {
                    return new Problem(
                            s.auth().stsEndpoint() != null
                                    ? AwsAuthFragment.STS_ENDPOINT_CONFIG
                                    : AwsAuthFragment.STS_REGION_CONFIG,
                            "STS failed to assume role " + role + ", try again: " + detail);
                }
                return new Problem(
                        AwsAuthFragment.ROLE_ARN_CONFIG,
                        "cannot assume role " + role + " with the " + sourceName(source) + ": " + detail
                                + ". Check the role ARN, that the role's trust policy allows this identity"
                                + " sts:AssumeRole, and " + AwsAuthFragment.EXTERNAL_ID_CONFIG
                                + (s.auth().externalId() == null ? " (none is set)" : "")
                                + " if the trust policy requires an external id");
            }
        }
    }

    private static String sourceName(S3Credentials.Source source) {
        return switch (source) {
            case STATIC_KEYS -> "static keys (aws.access.key.id)";
            case PROVIDER_CLASS -> "credentials of " + AwsAuthFragment.PROVIDER_CLASS_CONFIG;
            case DEFAULT_CHAIN -> "default chain's credentials";
        };
    }

    /** The setting that supplies the credentials S3 sees, for S3's InvalidAccessKeyId and SignatureDoesNotMatch. */
    private static String credentialsField(S3Settings s, boolean secret) {
        if (s.auth().assumesRole()) {
            return s.auth().stsEndpoint() != null
                    ? AwsAuthFragment.STS_ENDPOINT_CONFIG
                    : AwsAuthFragment.ROLE_ARN_CONFIG;
        }
        if (s.hasStaticCredentials()) {
            return secret ? AwsAuthFragment.SECRET_KEY_CONFIG : AwsAuthFragment.ACCESS_KEY_CONFIG;
        }
        return s.auth().hasProviderClass() ? AwsAuthFragment.PROVIDER_CLASS_CONFIG : AwsAuthFragment.ACCESS_KEY_CONFIG;
    }

    private static String identity(S3Settings s) {
        if (s.auth().assumesRole()) {
            return "the temporary credentials of role " + s.auth().roleArn();
        }
        if (s.hasStaticCredentials()) {
            return "the static keys";
        }
        return s.auth().hasProviderClass()
                ? "the credentials of " + s.auth().providerClass()
                : "the credentials of the default chain";
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
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
            case "InvalidAccessKeyId", "InvalidToken", "ExpiredToken" ->
                new Problem(
                        credentialsField(s, false),
                        "the access key id of " + identity(s) + " is not known to " + where + " (" + code + ")");
            case "SignatureDoesNotMatch" ->
                new Problem(
                        credentialsField(s, true),
                        "the secret access key of " + identity(s) + " does not match its access key id (" + where
                                + " rejected the signature)");
            case "NoSuchBucket" ->
                new Problem(
                        S3CheckpointSinkConfig.BUCKET_CONFIG,
                        "bucket " + s.bucket() + " does not exist"
                                + (s.endpoint() == null ? "" : " at " + s.endpoint()));
            case "AccessDenied" ->
                new Problem(
                        S3CheckpointSinkConfig.BUCKET_CONFIG,
                        identity(s) + " may not"
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
