/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RemoteStoreTest {

    @TempDir
    Path tmp;

    private RemoteStore store(String bucket, ChecksumAlgorithm algo) {
        return new RemoteStore(S3ProxyServer.shared().settings(bucket, algo));
    }

    @Test
    void createOnlyWriteFailsWhenTheObjectExistsAndIfMatchFailsOnAnotherEtag() {
        try (RemoteStore s = store("cond", ChecksumAlgorithm.SHA256)) {
            String etag1 = s.putBytes("m.json", "one".getBytes(StandardCharsets.UTF_8), WriteCondition.CREATE_ONLY);
            assertThatThrownBy(() ->
                            s.putBytes("m.json", "two".getBytes(StandardCharsets.UTF_8), WriteCondition.CREATE_ONLY))
                    .isInstanceOf(PreconditionFailedException.class);
            String etag2 = s.putBytes("m.json", "two".getBytes(StandardCharsets.UTF_8), WriteCondition.ifMatch(etag1));
            assertThat(etag2).isNotEqualTo(etag1);
            assertThatThrownBy(() -> s.putBytes(
                            "m.json", "zombie".getBytes(StandardCharsets.UTF_8), WriteCondition.ifMatch(etag1)))
                    .isInstanceOf(PreconditionFailedException.class);
            assertThat(new String(s.getBytes("m.json").orElseThrow().bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("two");
        }
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void singlePutStoresTheChecksumAndRejectsAWrongOne(ChecksumAlgorithm algo) throws Exception {
        try (RemoteStore s = store("sums-" + algo.name().toLowerCase(), algo)) {
            Path f = tmp.resolve("chunk");
            Files.write(f, "hello chunk\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
            String sum = RemoteStore.checksumOfRegion(f, 0, Files.size(f), algo);
            s.upload("a/chunk", f, sum, WriteCondition.NONE);
            ObjectInfo info = s.head("a/chunk").orElseThrow();
            assertThat(info.size()).isEqualTo(Files.size(f));
            assertThat(info.checksum()).isEqualTo(sum);

            String wrong = RemoteStore.checksumOfRegion(f, 1, Files.size(f) - 1, algo);
            assertThatThrownBy(() -> s.upload("a/bad", f, wrong, WriteCondition.NONE))
                    .isInstanceOf(RemoteStoreException.class)
                    .satisfies(e ->
                            assertThat(((RemoteStoreException) e).statusCode()).isEqualTo(400));
            assertThat(s.head("a/bad")).isEmpty();
        }
    }

    @Test
    void multipartUploadWithPartChecksumsRoundTrips() throws Exception {
        try (RemoteStore s = store("multi", ChecksumAlgorithm.CRC32C)) {
            byte[] data = new byte[(int) (S3Settings.MIN_PART_SIZE * 2 + 12345)];
            new Random(7).nextBytes(data);
            Path f = tmp.resolve("big");
            Files.write(f, data);
            String sum = RemoteStore.checksumOfRegion(f, 0, data.length, ChecksumAlgorithm.CRC32C);
            s.upload("big/object", f, sum, WriteCondition.CREATE_ONLY);
            Path back = tmp.resolve("back");
            s.download("big/object", back);
            assertThat(Files.readAllBytes(back)).isEqualTo(data);
            assertThatThrownBy(() -> s.upload("big/object", f, sum, WriteCondition.CREATE_ONLY))
                    .isInstanceOf(PreconditionFailedException.class);
        }
    }

    @Test
    void listingStartsAfterTheGivenKeyInKeyOrder() {
        try (RemoteStore s = store("list", ChecksumAlgorithm.CRC32C)) {
            for (String k : List.of("p/t+0+001", "p/t+0+002", "p/t+0+003", "q/other")) {
                s.putBytes(k, k.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE);
            }
            List<String> keys = new ArrayList<>();
            s.list("p/", "p/t+0+001", o -> keys.add(o.key()));
            assertThat(keys).containsExactly("p/t+0+002", "p/t+0+003");
        }
    }

    @Test
    void missingBucketIsAPermanentErrorNamingTheBucket() {
        S3ProxyServer srv = S3ProxyServer.shared();
        S3Settings base = srv.settings("exists", ChecksumAlgorithm.CRC32C);
        S3Settings missing = new S3Settings(
                "no-such-bucket",
                base.region(),
                base.endpoint(),
                true,
                base.accessKeyId(),
                base.secretAccessKey(),
                base.sseType(),
                null,
                base.partSizeBytes(),
                base.multipartThresholdBytes(),
                base.checksumAlgorithm(),
                base.retry(),
                base.apiCallTimeout(),
                2);
        try (RemoteStore s = new RemoteStore(missing)) {
            assertThatThrownBy(() -> s.putBytes("x", new byte[1], WriteCondition.NONE))
                    .isInstanceOfSatisfying(RemoteStoreException.class, e -> {
                        assertThat(e.isTransient()).isFalse();
                        assertThat(e.errorCode()).isEqualTo("NoSuchBucket");
                    });
        }
    }
}
