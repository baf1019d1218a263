/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.compat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What a bucket listing shows of the sink's gzip JSON-lines chunks: the lines of every data object under a prefix. */
final class S3DataObjects {

    private S3DataObjects() {}

    /** The non-blank lines of every {@code .gz} object under {@code prefix/}, manifests aside. */
    static List<String> lines(S3Client client, String bucket, String prefix) {
        List<String> lines = new ArrayList<>();
        List<S3Object> objects = client
                .listObjectsV2Paginator(ListObjectsV2Request.builder()
                        .bucket(bucket)
                        .prefix(prefix + "/")
                        .build())
                .contents()
                .stream()
                .filter(o -> !o.key().contains("_manifests/") && o.key().endsWith(".gz"))
                .toList();
        for (S3Object o : objects) {
            byte[] bytes;
            try {
                bytes = client.getObjectAsBytes(GetObjectRequest.builder()
                                .bucket(bucket)
                                .key(o.key())
                                .build())
                        .asByteArray();
            } catch (NoSuchKeyException gone) {
                continue; // listed, then deleted (an upload the sink replaced): not a committed chunk
            }
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> !l.isBlank())
                        .forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException("s3://" + bucket + "/" + o.key() + " is not gzip", e);
            }
        }
        return lines;
    }
}
