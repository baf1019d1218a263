/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith(LocalStackExtension.class)
class S3ProxyServerTest {

    @Test
    void bucketExistsObjectsPersistAcrossRestartAndWrongSecretIsRejected(LocalStack stack) throws Exception {
        S3ProxyServer s3 = stack.startS3("it-bucket");
        try (S3Client client = s3.client()) {
            client.putObject(b -> b.bucket("it-bucket").key("a/b.txt"), RequestBody.fromString("hello"));
            assertThat(client.getObjectAsBytes(b -> b.bucket("it-bucket").key("a/b.txt"))
                            .asUtf8String())
                    .isEqualTo("hello");
        }
        assertThat(Files.exists(s3.dataDir().resolve("it-bucket"))).isTrue();

        try (S3Client wrong = s3.client(s3.endpoint(), s3.secretKey() + "x")) {
            assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket("it-bucket")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }

        s3.kill9();
        s3.restart();
        try (S3Client client = s3.client()) {
            assertThat(client.getObjectAsBytes(b -> b.bucket("it-bucket").key("a/b.txt"))
                            .asUtf8String())
                    .isEqualTo("hello");
        }
    }
}
