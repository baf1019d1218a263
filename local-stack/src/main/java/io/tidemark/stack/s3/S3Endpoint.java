/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3-compatible endpoint with a bucket: s3proxy here, MinIO in the testcontainers twin. */
public interface S3Endpoint {

    /** e.g. http://127.0.0.1:40123 */
    URI endpoint();

    String accessKey();

    String secretKey();

    String bucket();

    default String region() {
        return "us-east-1";
    }

    /** A path-style client for {@link #endpoint()} with this endpoint's credentials (caller closes it). */
    default S3Client client() {
        return client(endpoint(), secretKey());
    }

    /**
     * A path-style client for another endpoint (e.g. a {@link io.tidemark.stack.fault.FaultProxy} in front of
     * this one) or another secret. Checksums are computed/validated only when S3 requires them.
     */
    default S3Client client(URI endpoint, String secret) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secret)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
