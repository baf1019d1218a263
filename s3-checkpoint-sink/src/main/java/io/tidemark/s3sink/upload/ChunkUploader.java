/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.upload;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.ChunkTranscoder;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.FencedException;
import io.tidemark.s3sink.manifest.ManifestOp;
import io.tidemark.s3sink.manifest.ManifestWriter;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.manifest.PartitionManifest;
import io.tidemark.s3sink.manifest.PartitionState;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.ObjectInfo;
import io.tidemark.s3sink.remote.PreconditionFailedException;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.WriteCondition;
import io.tidemark.s3sink.stage.LocalStore;
import io.tidemark.s3sink.stage.SealedChunk;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a sealed chunk into a listed one: compresses it (when configured) or has the format's
 * {@link ChunkTranscoder} write its object (Parquet), verifies the staged
 * file against the checksum computed while it was written, computes the object checksum and
 * verifies the final file, records the chunk as pending, uploads it under its deterministic key
 * (If-None-Match, so a concurrent or earlier upload of the same key is noticed), and lists it in
 * the manifest. Local files are released afterwards, whatever happened.
 */
public final class ChunkUploader {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkUploader.class);

    /** Test seam: runs between sealing/compression and verification (to corrupt files on purpose). */
    public interface BeforeVerify {
        void accept(Path file) throws IOException;
    }

    private final LocalStore local;
    private final RemoteStore remote;
    private final ManifestWriter manifests;
    private final ObjectLayout layout;
    private final Compression compression;
    private final int compressionLevel;
    private final ChecksumAlgorithm objectChecksum;
    /** Writes the object from the staged file (Parquet); null: the staged bytes, compressed as configured. */
    private final ChunkTranscoder transcoder;

    private volatile BeforeVerify beforeVerify = f -> {};
    private volatile Consumer<String> afterUpload = key -> {};

    public ChunkUploader(
            LocalStore local,
            RemoteStore remote,
            ManifestWriter manifests,
            ObjectLayout layout,
            Compression compression,
            int compressionLevel,
            ChecksumAlgorithm objectChecksum) {
        this(local, remote, manifests, layout, compression, compressionLevel, objectChecksum, null);
    }

    /**
     * With a {@code transcoder} (non-null), each sealed chunk's object is what it writes from the
     * staged file, and {@code compression} is left to it.
     */
    public ChunkUploader(
            LocalStore local,
            RemoteStore remote,
            ManifestWriter manifests,
            ObjectLayout layout,
            Compression compression,
            int compressionLevel,
            ChecksumAlgorithm objectChecksum,
            ChunkTranscoder transcoder) {
        this.transcoder = transcoder;
        this.local = local;
        this.remote = remote;
        this.manifests = manifests;
        this.layout = layout;
        this.compression = compression;
        this.compressionLevel = compressionLevel;
        this.objectChecksum = objectChecksum;
    }

    public void beforeVerify(BeforeVerify hook) {
        this.beforeVerify = hook;
    }

    /** Test seam: runs after a chunk's object is in S3 and before it is listed (to cut S3 off on purpose). */
    public void afterUpload(Consumer<String> hook) {
        this.afterUpload = hook;
    }

    /** Prepare, upload and list one chunk; returns the partition's new manifest state. */
    public PartitionState execute(PartitionState state, SealedChunk sealed) {
        PreparedChunk prepared = null;
        try {
            prepared = prepare(sealed);
            store(state, prepared);
            return list(state, prepared);
        } finally {
            release(sealed, prepared);
        }
    }

    /**
     * The first half of {@link #execute}, which may run for several chunks of one partition at
     * once: compress and verify, record as pending, upload. The object is not listed yet; the
     * caller lists it with {@link #list} in chunk order and releases the files with {@link #release}.
     * On failure the files are released here.
     */
    public PreparedChunk prepareAndStore(PartitionState state, SealedChunk sealed) {
        PreparedChunk prepared = null;
        try {
            prepared = prepare(sealed);
            store(state, prepared);
            return prepared;
        } catch (RuntimeException | Error e) {
            release(sealed, prepared);
            throw e;
        }
    }

    /** Deletes the local files of a chunk (staged and, if different, compressed). */
    public void release(SealedChunk sealed, PreparedChunk prepared) {
        local.release(sealed.file());
        if (prepared != null && !prepared.file().equals(sealed.file())) {
            local.release(prepared.file());
        }
    }

    /** Compresses (if configured) and verifies; the staged file is kept for the caller to release. */
    public PreparedChunk prepare(SealedChunk sealed) {
        TopicPartitionId tp = sealed.tp();
        String key = layout.chunkKey(tp, sealed.path(), sealed.firstOffset(), sealed.lastOffset());
        try {
            Path file;
            byte[] objectDigest;
            if (transcoder == null && compression == Compression.NONE) {
                file = sealed.file();
                beforeVerify.accept(file);
                // one read of the staged file: verified against the checksum taken while staging; with
                // the same algorithm for both, the verified digest is the object checksum
                boolean same = sealed.integrity() == objectChecksum;
                byte[][] digests = digest(file, sealed.integrity(), same ? null : objectChecksum);
                verify(sealed, file, digests[0]);
                objectDigest = same ? digests[0] : digests[1];
            } else {
                file = local.newFile(tp.topic() + "-" + tp.partition() + "-" + sealed.firstOffset());
                ChecksumAlgorithm.Hasher raw = sealed.integrity().newHasher();
                ChecksumAlgorithm.Hasher out = objectChecksum.newHasher();
                if (transcoder != null) {
                    // the staged bytes are hashed as the transcoder reads them, to the end, so the check
                    // against the staging checksum covers exactly what it was given
                    try (InputStream in = new HashingInputStream(Files.newInputStream(sealed.file()), raw);
                            OutputStream sink = new HashingOutputStream(
                                    new BufferedOutputStream(
                                            Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 64 * 1024),
                                    out)) {
                        transcoder.transcode(in, sink);
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (RuntimeException | IOException e) {
                        local.release(file);
                        // a staged file the disk corrupted is a rewind, not a failure of the format
                        verify(sealed, sealed.file(), digest(sealed.file(), sealed.integrity(), null)[0]);
                        throw e;
                    }
                } else {
                    try (InputStream in = Files.newInputStream(sealed.file());
                            OutputStream sink = new HashingOutputStream(
                                    new BufferedOutputStream(
                                            Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 64 * 1024),
                                    out);
                            OutputStream z = compression.compress(sink, compressionLevel)) {
                        byte[] buf = new byte[64 * 1024];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            raw.update(buf, 0, n);
                            z.write(buf, 0, n);
                        }
                    }
                }
                local.chargeFile(file);
                verify(sealed, sealed.file(), raw.digest());
                byte[] written = out.digest();
                beforeVerify.accept(file);
                byte[] reread = digest(file, objectChecksum, null)[0];
                if (!Arrays.equals(written, reread)) {
                    throw new StagedChunkCorruptException("compressed chunk " + file + " of " + tp + " offsets "
                            + sealed.firstOffset() + "-" + sealed.lastOffset() + " changed on disk after it was"
                            + " written (checksum mismatch); not uploading it");
                }
                objectDigest = written;
            }
            long size = Files.size(file);
            ChunkEntryRecord entry = new ChunkEntryRecord(
                    key,
                    tp.topic(),
                    tp.partition(),
                    sealed.firstOffset(),
                    sealed.lastOffset(),
                    sealed.records(),
                    size,
                    objectChecksum,
                    ChecksumAlgorithm.toBase64(objectDigest),
                    sealed.minTimestamp(),
                    sealed.maxTimestamp());
            return new PreparedChunk(file, entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare chunk " + key + " from " + sealed.file(), e);
        }
    }

    private static void verify(SealedChunk sealed, Path file, byte[] actual) {
        if (!Arrays.equals(sealed.stagedChecksum(), actual)) {
            throw new StagedChunkCorruptException("staged chunk " + file + " of " + sealed.tp() + " offsets "
                    + sealed.firstOffset() + "-" + sealed.lastOffset() + " does not match the " + sealed.integrity()
                    + " checksum computed while it was written: the local disk corrupted it; not uploading it");
        }
    }

    /** Uploads (If-None-Match) and lists the chunk. */
    public PartitionState upload(PartitionState state, PreparedChunk chunk) {
        store(state, chunk);
        return list(state, chunk);
    }

    /** Records the chunk as pending and uploads it (If-None-Match); it is not listed yet. */
    public void store(PartitionState state, PreparedChunk chunk) {
        ChunkEntryRecord e = chunk.entry();
        manifests.recordPending(state, e);
        try {
            remote.upload(e.key(), chunk.file(), e.checksum(), WriteCondition.CREATE_ONLY);
        } catch (PreconditionFailedException exists) {
            Optional<ObjectInfo> info = remote.head(e.key());
            if (info.isPresent() && e.checksum().equals(info.get().checksum())) {
                LOG.info("Chunk {} is already in S3 with the same checksum (an earlier attempt uploaded it)", e.key());
            } else if (state.manifest().lists(e.key())
                    || (state.nextOffset() >= 0 && e.startOffset() < state.nextOffset())) {
                // below nextOffset every key is listed (in the head's tail or in a segment) or overlaps
                // listed chunks: never replace it
                throw new IllegalStateException("chunk key " + e.key() + " is within the offsets the manifest of "
                        + state.tp() + " already lists but this writer produced it again; offsets were consumed twice");
            } else {
                LOG.info("Replacing unlisted object {} left by an earlier attempt (different bytes)", e.key());
                remote.upload(
                        e.key(),
                        chunk.file(),
                        e.checksum(),
                        info.map(i -> WriteCondition.ifMatch(i.etag())).orElse(WriteCondition.CREATE_ONLY));
            }
        }
        afterUpload.accept(e.key());
    }

    /**
     * Lists an uploaded chunk in the manifest (If-Match on the head); calls for one partition must
     * come in chunk order, one at a time. A fenced writer deletes its own upload when that is safe
     * ({@link #deleteIfSuperseded}).
     */
    public PartitionState list(PartitionState state, PreparedChunk chunk) {
        ChunkEntryRecord e = chunk.entry();
        try {
            return manifests.commitChunk(state, e, ManifestOp.Type.ADD_CHUNK);
        } catch (FencedException fenced) {
            deleteIfSuperseded(state, e);
            throw fenced;
        }
    }

    /**
     * A fenced writer removes its own upload of {@code e} once the current S3 manifest (the new
     * owner's) has moved past the chunk's start offset without listing its key: the new owner
     * lists only chunks from its next offset on, so it can never list this key. An upload at or
     * after the new owner's next offset stays, since the new owner may seal the same offsets, meet
     * this object by its key and list it; an orphan sweep on a later open removes it otherwise. Failures are
     * logged: the writer is stopping anyway.
     */
    public void deleteIfSuperseded(PartitionState state, ChunkEntryRecord e) {
        TopicPartitionId tp = state.tp();
        String key = e.key();
        try {
            Optional<PartitionManifest> now = manifests.readRemote(tp);
            if (now.isEmpty() || e.startOffset() >= now.get().nextOffset()) {
                LOG.info(
                        "Kept {} after being fenced on {}: the new owner has not written past offset {} yet and may"
                                + " list the same key",
                        key,
                        tp,
                        e.startOffset());
                return;
            }
            if (!manifests.reader().lists(now.get(), key, e.startOffset())) {
                remote.delete(key);
                manifests.discardPending(state, e, "fenced; the new owner listed these offsets in other chunks");
                LOG.info("Deleted {} after being fenced on {}", key, tp);
            }
        } catch (RuntimeException ex) {
            LOG.warn(
                    "Could not delete {} after being fenced on {} (the new owner's orphan sweep will): {}",
                    key,
                    tp,
                    ex.toString());
        }
    }

    /**
     * Read buffer of the verification pass, one per upload thread: 1 MiB and direct, so the file is
     * read from disk in few system calls without the copy through the JDK's temporary direct buffer.
     */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 20));

    /** Digest of a file with one or two algorithms in one read (re-reads it from disk). */
    static byte[][] digest(Path file, ChecksumAlgorithm a, ChecksumAlgorithm b) throws IOException {
        ChecksumAlgorithm.Hasher ha = a.newHasher();
        ChecksumAlgorithm.Hasher hb = b == null ? null : b.newHasher();
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                if (hb != null) {
                    ha.update(buf.duplicate());
                    hb.update(buf);
                } else {
                    ha.update(buf);
                }
                buf.clear();
            }
        }
        return new byte[][] {ha.digest(), hb == null ? null : hb.digest()};
    }

    /** Hashes the bytes read through it. */
    private static final class HashingInputStream extends java.io.FilterInputStream {
        private final ChecksumAlgorithm.Hasher hasher;

        HashingInputStream(InputStream in, ChecksumAlgorithm.Hasher hasher) {
            super(in);
            this.hasher = hasher;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                hasher.update(new byte[] {(byte) b});
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                hasher.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }
    }

    /** Passes bytes through while hashing them. */
    private static final class HashingOutputStream extends FilterOutputStream {
        private final ChecksumAlgorithm.Hasher hasher;

        HashingOutputStream(OutputStream out, ChecksumAlgorithm.Hasher hasher) {
            super(out);
            this.hasher = hasher;
        }

        @Override
        public void write(int b) throws IOException {
            hasher.update(new byte[] {(byte) b});
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            hasher.update(b, off, len);
            out.write(b, off, len);
        }
    }
}
