/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Credentials;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.remote.WriteCondition;
import io.tidemark.s3sink.testing.SessionTokenS3Proxy;
import io.tidemark.s3sink.testing.StsStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * How the sink authenticates, against s3proxy (which checks SigV4 signatures against its one
 * identity) and a stub STS that hands out that identity as temporary credentials: assume-role with
 * base keys s3proxy does not know, the default chain's web identity token file, a credentials
 * provider class; and where validate() reports each failure.
 */
class AwsAuthTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/tidemark-sink";

    /** Accepts the session token header of temporary credentials; its identity is what the stub STS issues. */
    private static SessionTokenS3Proxy s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3(@TempDir Path dir) {
        s3 = SessionTokenS3Proxy.start(dir);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    private Map<String, String> props(String bucket) {
        createBucket(bucket);
        Map<String, String> m = new HashMap<>();
        m.put("name", "auth");
        m.put("connector.class", S3CheckpointSinkConnector.class.getName());
        m.put("topics", "t");
        m.put("s3.bucket.name", bucket);
        m.put("s3.endpoint", s3.endpoint().toString());
        m.put("s3.path.style.access", "true");
        m.put("checkpoint.store.dir", tmp.toString());
        return m;
    }

    private static StsStub issuingS3ProxyIdentity() {
        return StsStub.issuing(
                SessionTokenS3Proxy.ACCESS_KEY, SessionTokenS3Proxy.SECRET_KEY, "session-token-from-sts");
    }

    private static void createBucket(String bucket) {
        S3Settings admin = new S3Settings(
                bucket,
                "us-east-1",
                s3.endpoint(),
                true,
                SessionTokenS3Proxy.ACCESS_KEY,
                SessionTokenS3Proxy.SECRET_KEY,
                S3Settings.SseType.NONE,
                null,
                S3Settings.MIN_PART_SIZE,
                S3Settings.MIN_PART_SIZE,
                ChecksumAlgorithm.CRC32C,
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(30),
                2);
        try (RemoteStore r = new RemoteStore(admin)) {
            r.client().createBucket(b -> b.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException e) {
            // fine
        }
    }

    @Test
    void assumesTheRoleWithTheBaseKeysAndSignsS3WithTheRolesTemporaryCredentials() {
        try (StsStub sts = issuingS3ProxyIdentity()) {
            Map<String, String> m = props("assume-role");
            // base keys s3proxy does not know: only the role's credentials can write
            m.put("aws.access.key.id", "AKIABASEKEY");
            m.put("aws.secret.access.key", "base-secret");
            m.put("sts.role.arn", ROLE);
            m.put("sts.role.session.name", "orders-sink");
            m.put("sts.role.external.id", "ext-1234");
            m.put("sts.endpoint", sts.endpoint().toString());

            assertThat(allErrors(new S3CheckpointSinkConnector().validate(m))).isEmpty();

            assertThat(sts.calls()).isNotEmpty().allSatisfy(call -> {
                assertThat(call.action()).isEqualTo("AssumeRole");
                assertThat(call.params())
                        .containsEntry("RoleArn", ROLE)
                        .containsEntry("RoleSessionName", "orders-sink")
                        .containsEntry("ExternalId", "ext-1234");
                assertThat(call.authorization()).contains("Credential=AKIABASEKEY/");
            });

            // the task's client (the same factory): signs with the role's key and sends its session token
            S3CheckpointSinkConfig config = new S3CheckpointSinkConfig(m);
            try (RemoteStore remote = new RemoteStore(config.s3Settings())) {
                AwsCredentials used = remote.credentials()
                        .map(S3Credentials::resolveCredentials)
                        .orElseThrow();
                assertThat(used).isInstanceOf(AwsSessionCredentials.class);
                assertThat(used.accessKeyId()).isEqualTo(SessionTokenS3Proxy.ACCESS_KEY);
                assertThat(((AwsSessionCredentials) used).sessionToken()).isEqualTo("session-token-from-sts");
                remote.putBytes("k", "v".getBytes(StandardCharsets.UTF_8), WriteCondition.NONE);
                assertThat(remote.getBytes("k")).isPresent();
            }
            assertThat(config.s3Settings().toString())
                    .doesNotContain("ext-1234")
                    .doesNotContain("base-secret");
        }
    }

    @Test
    void stsAccessDeniedIsReportedOnTheRoleArnNotOnTheBucketOrEndpoint() {
        try (StsStub sts = issuingS3ProxyIdentity().failWith(403, "AccessDenied")) {
            Map<String, String> m = props("assume-denied");
            m.put("aws.access.key.id", "AKIABASEKEY");
            m.put("aws.secret.access.key", "base-secret");
            m.put("sts.role.arn", ROLE);
            m.put("sts.endpoint", sts.endpoint().toString());

            Map<String, List<String>> errors = allErrors(new S3CheckpointSinkConnector().validate(m));
            assertThat(errors).containsOnlyKeys("sts.role.arn");
            assertThat(errors.get("sts.role.arn"))
                    .singleElement()
                    .asString()
                    .contains("cannot assume role " + ROLE)
                    .contains("AccessDenied")
                    .contains("trust policy")
                    .contains("sts.role.external.id");
        }
    }

    @Test
    void baseKeysThatStsRejectsAreReportedOnTheKeyField() {
        try (StsStub sts = issuingS3ProxyIdentity().failWith(403, "InvalidClientTokenId")) {
            Map<String, String> m = props("assume-badkey");
            m.put("aws.access.key.id", "AKIABASEKEY");
            m.put("aws.secret.access.key", "base-secret");
            m.put("sts.role.arn", ROLE);
            m.put("sts.endpoint", sts.endpoint().toString());

            Map<String, List<String>> errors = allErrors(new S3CheckpointSinkConnector().validate(m));
            assertThat(errors).containsOnlyKeys("aws.access.key.id");
            assertThat(errors.get("aws.access.key.id"))
                    .singleElement()
                    .asString()
                    .contains("STS rejected")
                    .contains("InvalidClientTokenId");
        }
    }

    @Test
    void anUnreachableStsEndpointIsReportedOnStsEndpoint() {
        Map<String, String> m = props("assume-unreachable");
        m.put("aws.access.key.id", "AKIABASEKEY");
        m.put("aws.secret.access.key", "base-secret");
        m.put("sts.role.arn", ROLE);
        m.put("sts.endpoint", "http://127.0.0.1:1");

        Map<String, List<String>> errors = allErrors(new S3CheckpointSinkConnector().validate(m));
        assertThat(errors).containsOnlyKeys("sts.endpoint");
        assertThat(errors.get("sts.endpoint")).singleElement().asString().contains("cannot reach STS");
    }

    /**
     * IRSA: the pod has AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN; the SDK reads the same from
     * the system properties aws.webIdentityTokenFile and aws.roleArn, and its STS client's endpoint
     * from aws.endpointUrlSts. With no keys set, the default chain's web identity provider (which
     * needs the sts module on the plugin's class path) exchanges the token for the role's credentials.
     */
    @Test
    void theDefaultChainExchangesAWebIdentityTokenFileForTheRolesCredentials() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "eyJ.pod-identity-token.sig");
        Map<String, String> sysProps = new LinkedHashMap<>();
        try (StsStub sts = issuingS3ProxyIdentity()) {
            sysProps.put("aws.webIdentityTokenFile", token.toString());
            sysProps.put("aws.roleArn", ROLE);
            sysProps.put("aws.roleSessionName", "irsa-session");
            sysProps.put("aws.region", "us-east-1");
            sysProps.put("aws.endpointUrlSts", sts.endpoint().toString());
            sysProps.forEach(System::setProperty);

            Map<String, String> m = props("web-identity");
            assertThat(allErrors(new S3CheckpointSinkConnector().validate(m))).isEmpty();

            assertThat(sts.calls()).isNotEmpty().allSatisfy(call -> {
                assertThat(call.action()).isEqualTo("AssumeRoleWithWebIdentity");
                assertThat(call.params())
                        .containsEntry("RoleArn", ROLE)
                        .containsEntry("RoleSessionName", "irsa-session")
                        .containsEntry("WebIdentityToken", "eyJ.pod-identity-token.sig");
            });
        } finally {
            sysProps.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void aCredentialsProviderClassIsCreatedAndConfiguredWithItsPrefixedSettings() {
        Map<String, String> m = props("provider-class");
        m.put("s3.credentials.provider.class", ConfiguredProvider.class.getName());
        m.put("s3.credentials.provider.access.key", SessionTokenS3Proxy.ACCESS_KEY);
        m.put("s3.credentials.provider.secret.key", SessionTokenS3Proxy.SECRET_KEY);
        assertThat(allErrors(new S3CheckpointSinkConnector().validate(m))).isEmpty();

        Map<String, String> wrong = new HashMap<>(m);
        wrong.put("s3.credentials.provider.access.key", "nobody");
        Map<String, List<String>> errors = allErrors(new S3CheckpointSinkConnector().validate(wrong));
        assertThat(errors).containsOnlyKeys("s3.credentials.provider.class");
        assertThat(errors.get("s3.credentials.provider.class"))
                .singleElement()
                .asString()
                .contains("not known");

        Map<String, String> missing = new HashMap<>(m);
        missing.remove("s3.credentials.provider.access.key");
        assertThat(allErrors(new S3CheckpointSinkConnector().validate(missing)))
                .containsOnlyKeys("s3.credentials.provider.class");
    }

    @Test
    void aProviderClassThatIsNoProviderOrCannotBeCreatedIsRejectedOnItsField() {
        Map<String, String> m = props("provider-bad");
        m.put("s3.credentials.provider.class", String.class.getName());
        assertThat(allErrors(new S3CheckpointSinkConnector().validate(m)).get("s3.credentials.provider.class"))
                .singleElement()
                .asString()
                .contains("does not implement");

        m.put("s3.credentials.provider.class", NoFactoryProvider.class.getName());
        assertThat(allErrors(new S3CheckpointSinkConnector().validate(m)).get("s3.credentials.provider.class"))
                .singleElement()
                .asString()
                .contains("no-argument constructor");
    }

    @Test
    void conflictingOrOrphanedAuthSettingsAreRejectedWithoutCallingAws() {
        Map<String, String> m = props("auth-rules");
        m.put("aws.access.key.id", "AKIA");
        m.put("aws.secret.access.key", "s");
        m.put("s3.credentials.provider.class", ConfiguredProvider.class.getName());
        assertThat(allErrors(new S3CheckpointSinkConnector().validate(m)))
                .containsOnlyKeys("s3.credentials.provider.class");

        Map<String, String> orphans = props("auth-rules");
        orphans.put("sts.endpoint", "http://127.0.0.1:1");
        orphans.put("sts.role.external.id", "x");
        orphans.put("sts.region", "eu-west-1");
        orphans.put("sts.role.session.name", "my-session");
        assertThat(allErrors(new S3CheckpointSinkConnector().validate(orphans)))
                .containsOnlyKeys("sts.endpoint", "sts.role.external.id", "sts.region", "sts.role.session.name");

        Map<String, String> badArn = props("auth-rules");
        badArn.put("sts.role.arn", "tidemark-sink");
        assertThat(allErrors(new S3CheckpointSinkConnector().validate(badArn))).containsOnlyKeys("sts.role.arn");
    }

    /** A provider configured by the sink from its s3.credentials.provider.* settings. */
    public static final class ConfiguredProvider implements AwsCredentialsProvider, Configurable {
        private String key;
        private String secret;

        public static ConfiguredProvider create() {
            return new ConfiguredProvider();
        }

        @Override
        public void configure(Map<String, ?> configs) {
            key = (String) configs.get("access.key");
            secret = (String) configs.get("secret.key");
        }

        @Override
        public AwsCredentials resolveCredentials() {
            if (key == null) {
                throw new IllegalStateException("access.key is not configured");
            }
            return AwsBasicCredentials.create(key, secret);
        }
    }

    /** No create(), no public no-argument constructor. */
    public static final class NoFactoryProvider implements AwsCredentialsProvider {
        public NoFactoryProvider(String unused) {}

        @Override
        public AwsCredentials resolveCredentials() {
            return AwsBasicCredentials.create("a", "b");
        }
    }

    private static Map<String, List<String>> allErrors(Config c) {
        return c.configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }
}
