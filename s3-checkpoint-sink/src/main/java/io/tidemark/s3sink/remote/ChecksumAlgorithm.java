/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * The end-to-end checksum of a chunk: computed while the chunk is written to the scratch
 * directory, verified by re-reading the staged file before upload, and sent to S3 with every part
 * and object (x-amz-checksum-sha256 / x-amz-checksum-crc32c) so S3 rejects corrupted transfers
 * with BadDigest.
 */
public enum ChecksumAlgorithm {
    SHA256,
    CRC32C;

    /** An incremental checksum computation. */
    public interface Hasher {
        void update(byte[] b, int off, int len);

        void update(ByteBuffer buffer);

        default void update(byte[] b) {
            update(b, 0, b.length);
        }

        /** The checksum of everything seen so far; the hasher must not be used afterwards. */
        byte[] digest();
    }

    public Hasher newHasher() {
        return switch (this) {
            case SHA256 ->
                new Hasher() {
                    private final MessageDigest md = sha256();

                    @Override
                    public void update(byte[] b, int off, int len) {
                        md.update(b, off, len);
                    }

                    @Override
                    public void update(ByteBuffer buffer) {
                        md.update(buffer);
                    }

                    @Override
                    public byte[] digest() {
                        return md.digest();
                    }
                };
            case CRC32C ->
                new Hasher() {
                    private final CRC32C crc = new CRC32C();

                    @Override
                    public void update(byte[] b, int off, int len) {
                        crc.update(b, off, len);
                    }

                    @Override
                    public void update(ByteBuffer buffer) {
                        crc.update(buffer);
                    }

                    @Override
                    public byte[] digest() {
                        long v = crc.getValue();
                        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
                    }
                };
        };
    }

    /** The checksum as S3 transports it: base64 of the big-endian digest bytes. */
    public static String toBase64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
