/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The S3 side of the sink: whole-object and multipart uploads with a checksum on every part and
 * object, conditional writes (If-None-Match / If-Match), reads, deletes, and listings, each
 * retried with exponential backoff and jitter on transient errors. Incomplete multipart uploads
 * are aborted. The SDK's own retries are off so that every attempt is visible here.
 */
public final class RemoteStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteStore.class);

    private final S3Settings settings;

    private final RetryStats retryStats = new RetryStats();
    private final S3Client s3;
    private final boolean ownsClient;
    /** The credentials of a client this store built, closed with it; null for a client given to it. */
    private final S3Credentials credentials;

    public RemoteStore(S3Settings settings) {
        this(settings, S3Credentials.of(settings));
    }

    /** A store whose client signs with {@code credentials}; closing the store closes them. */
    public RemoteStore(S3Settings settings, S3Credentials credentials) {
        this.settings = settings;
        this.credentials = credentials;
        try {
            this.s3 = buildClient(settings, credentials);
        } catch (RuntimeException e) {
            credentials.close();
            throw e;
        }
        this.ownsClient = true;
    }

    RemoteStore(S3Settings settings, S3Client s3, boolean ownsClient) {
        this.settings = settings;
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.credentials = null;
    }

    /**
     * An S3 client for these settings, without SDK-side retries and with checksums only when we send
     * them, signed with {@code credentials}.
     */
    public static S3Client buildClient(S3Settings settings, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(settings.maxConnections())
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(settings.apiCallTimeout()))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(settings.apiCallTimeout()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /** The credentials this store's client signs with (static, provider class or default chain, maybe assumed). */
    public Optional<S3Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    public S3Settings settings() {
        return settings;
    }

    public String bucket() {
        return settings.bucket();
    }

    /** The raw client, for the benchmark's baseline. */
    public S3Client client() {
        return s3;
    }

    // ---------------------------------------------------------------- uploads

    /**
     * Uploads {@code file} to {@code key} with its whole-file checksum (base64 of
     * {@link S3Settings#checksumAlgorithm()}), as one PUT or, above the multipart threshold, in
     * parts of {@link S3Settings#partSizeBytes()} each carrying its own checksum.
     *
     * @return the ETag of the new object
     * @throws PreconditionFailedException when {@code condition} does not hold
     */
    public String upload(String key, Path file, String checksumBase64, WriteCondition condition) {
        long size = size(file);
        if (size > settings.multipartThresholdBytes() && size > settings.partSizeBytes()) {
            return multipartUpload(key, file, size, condition);
        }
        return retrying("PUT " + key, () -> {
            PutObjectRequest.Builder req =
                    PutObjectRequest.builder().bucket(bucket()).key(key).contentLength(size);
            applyChecksum(req, checksumBase64);
            applySse(req);
            applyCondition(req, condition);
            PutObjectResponse r = s3.putObject(
                    req.build(),
                    RequestBody.fromContentProvider(fileRegion(file, 0, size), size, "application/octet-stream"));
            return r.eTag();
        });
    }

    /** Writes a small object from memory (manifests), with a checksum and a condition. */
    public String putBytes(String key, byte[] bytes, WriteCondition condition) {
        ChecksumAlgorithm.Hasher h = settings.checksumAlgorithm().newHasher();
        h.update(bytes);
        String checksum = ChecksumAlgorithm.toBase64(h.digest());
        return retrying("PUT " + key, () -> {
            PutObjectRequest.Builder req = PutObjectRequest.builder()
                    .bucket(bucket())
                    .key(key)
                    .contentLength((long) bytes.length)
                    .contentType("application/json");
            applyChecksum(req, checksum);
            applySse(req);
            applyCondition(req, condition);
            return s3.putObject(req.build(), RequestBody.fromBytes(bytes)).eTag();
        });
    }

    private String multipartUpload(String key, Path file, long size, WriteCondition condition) {
        ChecksumAlgorithm algo = settings.checksumAlgorithm();
        String uploadId = retrying("create multipart upload " + key, () -> {
            CreateMultipartUploadRequest.Builder req = CreateMultipartUploadRequest.builder()
                    .bucket(bucket())
                    .key(key)
                    .checksumAlgorithm(sdkAlgorithm(algo))
                    .contentType("application/octet-stream");
            req.serverSideEncryption(serverSideEncryption()).ssekmsKeyId(sseKmsKeyId());
            return s3.createMultipartUpload(req.build()).uploadId();
        });
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long partSize = settings.partSizeBytes();
            int partNumber = 1;
            for (long pos = 0; pos < size; pos += partSize, partNumber++) {
                long len = Math.min(partSize, size - pos);
                String partChecksum = checksumOfRegion(file, pos, len, algo);
                int n = partNumber;
                long p = pos;
                String etag = retrying("upload part " + n + " of " + key, () -> {
                    UploadPartRequest.Builder req = UploadPartRequest.builder()
                            .bucket(bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(n)
                            .contentLength(len);
                    if (algo == ChecksumAlgorithm.SHA256) {
                        req.checksumSHA256(partChecksum);
                    } else {
                        req.checksumCRC32C(partChecksum);
                    }
                    return s3.uploadPart(
                                    req.build(),
                                    RequestBody.fromContentProvider(
                                            fileRegion(file, p, len), len, "application/octet-stream"))
                            .eTag();
                });
                CompletedPart.Builder cp = CompletedPart.builder().partNumber(n).eTag(etag);
                if (algo == ChecksumAlgorithm.SHA256) {
                    cp.checksumSHA256(partChecksum);
                } else {
                    cp.checksumCRC32C(partChecksum);
                }
                parts.add(cp.build());
            }
            String etag = retrying("complete multipart upload " + key, () -> {
                CompleteMultipartUploadRequest.Builder req = CompleteMultipartUploadRequest.builder()
                        .bucket(bucket())
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts));
                if (condition instanceof WriteCondition.CreateOnly) {
                    req.ifNoneMatch("*");
                } else if (condition instanceof WriteCondition.IfMatch m) {
                    req.ifMatch(m.etag());
                }
                CompleteMultipartUploadResponse r = s3.completeMultipartUpload(req.build());
                return r.eTag();
            });
            completed = true;
            return etag;
        } finally {
            if (!completed) {
                abortQuietly(key, uploadId);
            }
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            retrying(
                    "abort multipart upload " + key,
                    () -> s3.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                            .bucket(bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .build()));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not abort multipart upload {} of s3://{}/{}; a bucket lifecycle rule for incomplete"
                            + " multipart uploads removes it",
                    uploadId,
                    bucket(),
                    key,
                    e);
        }
    }

    // ---------------------------------------------------------------- reads

    /** HEAD with checksum mode enabled; empty when the object does not exist. */
    public Optional<ObjectInfo> head(String key) {
        return retrying("HEAD " + key, () -> {
            try {
                HeadObjectResponse r =
                        s3.headObject(b -> b.bucket(bucket()).key(key).checksumMode(ChecksumMode.ENABLED));
                String checksum = settings.checksumAlgorithm() == ChecksumAlgorithm.SHA256
                        ? r.checksumSHA256()
                        : r.checksumCRC32C();
                return Optional.of(new ObjectInfo(key, r.eTag(), r.contentLength(), checksum));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (AwsServiceException e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** A small object's bytes and ETag; empty when it does not exist. */
    public Optional<Versioned> getBytes(String key) {
        return retrying("GET " + key, () -> {
            try {
                ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(
                        GetObjectRequest.builder().bucket(bucket()).key(key).build());
                return Optional.of(new Versioned(r.asByteArray(), r.response().eTag()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (AwsServiceException e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** Downloads an object to a file (replacing it), retrying transient failures. */
    public void download(String key, Path target) {
        retrying("GET " + key, () -> {
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            try (InputStream in = s3.getObject(
                    GetObjectRequest.builder().bucket(bucket()).key(key).build())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw SdkClientException.create("download of " + key + " broke off: " + e, e);
            }
            return null;
        });
    }

    /** Opens an object for streaming (the open is retried, the stream itself is not). */
    public InputStream openStream(String key) {
        return retrying(
                "GET " + key,
                () -> s3.getObject(
                        GetObjectRequest.builder().bucket(bucket()).key(key).build()));
    }

    /** An object's bytes with its ETag. */
    public record Versioned(byte[] bytes, String etag) {}

    // ---------------------------------------------------------------- deletes and listings

    public void delete(String key) {
        retrying("DELETE " + key, () -> s3.deleteObject(b -> b.bucket(bucket()).key(key)));
    }

    /**
     * Every key under {@code prefix} that sorts after {@code startAfter} (null: from the start), in
     * key order, page by page.
     */
    public void list(String prefix, String startAfter, Consumer<S3Object> each) {
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = retrying("LIST " + prefix, () -> {
                ListObjectsV2Request.Builder req =
                        ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix);
                if (t != null) {
                    req.continuationToken(t);
                } else if (startAfter != null) {
                    req.startAfter(startAfter);
                }
                return s3.listObjectsV2(req.build());
            });
            page.contents().forEach(each);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    /** HEAD bucket: reachable and readable with these credentials. */
    public void headBucket() {
        retrying("HEAD bucket " + bucket(), () -> s3.headBucket(b -> b.bucket(bucket())));
    }

    // ---------------------------------------------------------------- retry and classification

    /**
     * Runs {@code call}, retrying transient failures with backoff and jitter; every failure comes
     * out as a {@link RemoteStoreException}.
     */
    public <T> T retrying(String what, Supplier<T> call) {
        return retrying(what, call, retryStats);
    }

    /** The retries of this store's calls, by cause. */
    public RetryStats retryStats() {
        return retryStats;
    }

    private <T> T retrying(String what, Supplier<T> call, RetryStats stats) {
        RetryPolicy retry = settings.retry();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException | UncheckedIOException e) {
                RemoteStoreException classified = classify(what, e);
                if (!classified.isTransient() || attempt >= retry.maxAttempts()) {
                    throw classified;
                }
                Duration wait = retry.backoff(attempt);
                stats.count(RetryStats.causeOf(classified));
                LOG.info(
                        "S3 {} failed (attempt {}/{}), retrying in {} ms: {}",
                        what,
                        attempt,
                        retry.maxAttempts(),
                        wait.toMillis(),
                        classified.getMessage());
                sleep(wait);
            }
        }
    }

    /** Maps an SDK failure onto transient / precondition / permanent. */
    public static RemoteStoreException classify(String what, Exception e) {
        if (e instanceof AwsServiceException ase) {
            int status = ase.statusCode();
            String code =
                    ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
            String msg =
                    (ase instanceof StsException ? "STS AssumeRole for the credentials of S3 " + what : "S3 " + what)
                            + " failed: HTTP " + status + (code == null ? "" : " " + code) + ": "
                            + (ase.awsErrorDetails() == null
                                    ? ase.getMessage()
                                    : ase.awsErrorDetails().errorMessage());
            if (status == 412 || (status == 409 && "ConditionalRequestConflict".equals(code))) {
                return new PreconditionFailedException(msg, status, code, e);
            }
            boolean transientFailure = status >= 500
                    || status == 429
                    || "SlowDown".equals(code)
                    || "RequestTimeout".equals(code)
                    || "RequestTimeTooSkewed".equals(code)
                    || "BadDigest".equals(code)
                    || "XAmzContentSHA256Mismatch".equals(code)
                    || "IncompleteBody".equals(code)
                    || status == 409;
            return new RemoteStoreException(msg, transientFailure, status, code, e);
        }
        // client side: connection refused/reset, timeouts, broken transfers: all worth retrying
        return new RemoteStoreException("S3 " + what + " failed: " + e, true, 0, null, e);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new RemoteStoreException("interrupted while waiting to retry", false, 0, null, ie);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void applyChecksum(PutObjectRequest.Builder req, String checksumBase64) {
        if (settings.checksumAlgorithm() == ChecksumAlgorithm.SHA256) {
            req.checksumSHA256(checksumBase64);
        } else {
            req.checksumCRC32C(checksumBase64);
        }
    }

    private void applySse(PutObjectRequest.Builder req) {
        req.serverSideEncryption(serverSideEncryption()).ssekmsKeyId(sseKmsKeyId());
    }

    /** The server-side encryption every write asks for; null (unset) for none. */
    private ServerSideEncryption serverSideEncryption() {
        return switch (settings.sseType()) {
            case AES256 -> ServerSideEncryption.AES256;
            case KMS -> ServerSideEncryption.AWS_KMS;
            case NONE -> null;
        };
    }

    /** The KMS key of SSE-KMS writes; null (the bucket's default key) otherwise. */
    private String sseKmsKeyId() {
        return settings.sseType() == S3Settings.SseType.KMS ? settings.kmsKeyId() : null;
    }

    private static void applyCondition(PutObjectRequest.Builder req, WriteCondition condition) {
        if (condition instanceof WriteCondition.CreateOnly) {
            req.ifNoneMatch("*");
        } else if (condition instanceof WriteCondition.IfMatch m) {
            req.ifMatch(m.etag());
        }
    }

    private static software.amazon.awssdk.services.s3.model.ChecksumAlgorithm sdkAlgorithm(ChecksumAlgorithm a) {
        return a == ChecksumAlgorithm.SHA256
                ? software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256
                : software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32_C;
    }

    /** The checksum of {@code len} bytes of {@code file} from {@code pos}, base64. */
    public static String checksumOfRegion(Path file, long pos, long len, ChecksumAlgorithm algo) {
        ChecksumAlgorithm.Hasher h = algo.newHasher();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long p = pos;
            long end = pos + len;
            while (p < end) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), end - p));
                int n = ch.read(buf, p);
                if (n < 0) {
                    throw new IOException("file ended at " + p + " before " + end);
                }
                buf.flip();
                h.update(buf);
                p += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return ChecksumAlgorithm.toBase64(h.digest());
    }

    private static ContentStreamProvider fileRegion(Path file, long pos, long len) {
        return () -> {
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ch.position(pos);
                return new BoundedInputStream(Channels.newInputStream(ch), len);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open staged chunk " + file, e);
            }
        };
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file, e);
        }
    }

    /** The public endpoint string for messages. */
    public String describe() {
        URI ep = settings.endpoint();
        return "s3://" + bucket() + (ep == null ? "" : " at " + ep);
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
        if (credentials != null) {
            credentials.close();
        }
    }

    /** Reads at most {@code remaining} bytes of the underlying stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
