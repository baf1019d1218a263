/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The credentials provider of one S3 client, built from {@link S3Settings} and {@link AwsAuth}:
 * static keys, a provider class or the default chain, optionally wrapped in STS AssumeRole. Closing
 * it closes what it created (the provider instance, the STS client).
 */
public final class S3Credentials implements AwsCredentialsProvider, AutoCloseable {

    private final AwsCredentialsProvider provider;
    private final AwsCredentialsProvider base;
    private final Source source;
    private final List<AutoCloseable> owned;

    /** Where the credentials come from, so that a failure can be blamed on the setting that causes it. */
    public enum Source {
        STATIC_KEYS,
        PROVIDER_CLASS,
        DEFAULT_CHAIN
    }

    private S3Credentials(
            AwsCredentialsProvider provider, AwsCredentialsProvider base, Source source, List<AutoCloseable> owned) {
        this.provider = provider;
        this.base = base;
        this.source = source;
        this.owned = owned;
    }

    /** The provider for these settings; creates a provider class instance and an STS client when configured. */
    public static S3Credentials of(S3Settings settings) {
        AwsAuth auth = settings.auth();
        List<AutoCloseable> owned = new ArrayList<>();
        AwsCredentialsProvider base;
        Source source;
        if (settings.hasStaticCredentials()) {
            base = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
            source = Source.STATIC_KEYS;
        } else if (auth.hasProviderClass()) {
            base = auth.providerFactory().get();
            source = Source.PROVIDER_CLASS;
            if (base instanceof AutoCloseable c) {
                owned.add(c);
            }
        } else {
            DefaultCredentialsProvider chain =
                    DefaultCredentialsProvider.builder().build();
            base = chain;
            source = Source.DEFAULT_CHAIN;
            owned.add(chain);
        }
        if (!auth.assumesRole()) {
            return new S3Credentials(base, base, source, owned);
        }
        var sts = StsClient.builder()
                .region(Region.of(auth.stsRegion() == null ? settings.region() : auth.stsRegion()))
                .credentialsProvider(base)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(2)
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(settings.apiCallTimeout()))
                // the S3 calls that need credentials are retried by RemoteStore; one attempt each here
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(settings.apiCallTimeout()));
        if (auth.stsEndpoint() != null) {
            sts.endpointOverride(auth.stsEndpoint());
        }
        StsClient client = sts.build();
        owned.add(0, client);
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(client)
                .refreshRequest(r -> {
                    r.roleArn(auth.roleArn()).roleSessionName(auth.roleSessionName());
                    if (auth.externalId() != null) {
                        r.externalId(auth.externalId());
                    }
                })
                .build();
        owned.add(0, assumed);
        return new S3Credentials(assumed, base, source, owned);
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return provider.resolveCredentials();
    }

    /** The base credentials: static keys, provider class or default chain (those that call AssumeRole with a role). */
    public AwsCredentialsProvider base() {
        return base;
    }

    /** Where the base credentials come from. */
    public Source source() {
        return source;
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to lose: these hold only connections and cached credentials
            }
        }
    }
}
