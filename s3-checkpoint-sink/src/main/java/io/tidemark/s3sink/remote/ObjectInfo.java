/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

/** What HEAD says about an object. {@code checksum} is base64, null when S3 stored none. */
public record ObjectInfo(String key, String etag, long size, String checksum) {}
