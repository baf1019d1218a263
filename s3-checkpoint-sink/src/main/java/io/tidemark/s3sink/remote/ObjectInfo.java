package io.tidemark.s3sink.remote;

/** What HEAD says about an object. {@code checksum} is base64, null when S3 stored none. */
public record ObjectInfo(String key, String etag, long size, String checksum) {
}
