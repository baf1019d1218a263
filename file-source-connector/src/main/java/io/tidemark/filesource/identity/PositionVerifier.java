/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.identity;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Checks a position someone wants to store for a file identity against the file itself, where this
 * machine can see it: the file at the given path must be that identity (same device, inode and key
 * head), at least {@code pos} long, start with the bytes the fingerprint describes and hold the
 * bytes the check hash describes just before {@code pos}.
 */
public final class PositionVerifier {

    /** What checking a position against its file found. */
    public sealed interface Result permits Verified, NotVisible, Mismatch {}

    /** The file is here and every given part of the position fits it. */
    public record Verified(long size) implements Result {}

    /** The file cannot be checked on this machine; {@code reason} says why. */
    public record NotVisible(String reason) implements Result {}

    /**
     * The file is here and a part of the position does not fit it.
     *
     * @param part  which part: {@link #POS}, {@link #FINGERPRINT} or {@link #CHECK}
     * @param size  the file's size
     */
    public record Mismatch(String part, long size) implements Result {}

    public static final String POS = "pos";
    public static final String FINGERPRINT = "fingerprint";
    public static final String CHECK = "check";

    private PositionVerifier() {}

    /**
     * @param path             where the file was last seen; null when unknown
     * @param id               the identity the position belongs to
     * @param pos              byte offset to resume from
     * @param fp               head fingerprint, or null when not given
     * @param check            hash of the bytes before {@code pos}, or null when not given
     * @param fingerprintBytes the cap on the key head the identity was derived with
     */
    public static Result verify(
            Path path, FileIdentity id, long pos, Fingerprint fp, CheckHash check, int fingerprintBytes) {
        if (path == null) {
            return new NotVisible("the offset names no 'path' to find the file at");
        }
        FileKey key;
        try {
            key = FileKey.of(path);
        } catch (NoSuchFileException e) {
            return new NotVisible(path + " does not exist on this worker");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new NotVisible(path + " cannot be read on this worker (" + e + ")");
        }
        if (!key.equals(id.key())) {
            return new NotVisible(path + " is another file now (device:inode " + key + ", not " + id.key() + ")");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            Optional<FileIdentity> current = HeadProbe.identity(key, ch, fingerprintBytes, false);
            if (current.isEmpty() || !current.get().equals(id)) {
                return new NotVisible(
                        path + " no longer starts with the first line its file id was taken from (rewritten)");
            }
            long size = ch.size();
            if (pos > size) {
                return new Mismatch(POS, size);
            }
            if (fp != null && !HeadProbe.verify(ch, pos, fp, null)) {
                return new Mismatch(FINGERPRINT, size);
            }
            if (check != null && !HeadProbe.verify(ch, pos, null, check)) {
                return new Mismatch(CHECK, size);
            }
            return new Verified(size);
        } catch (IOException | SecurityException e) {
            return new NotVisible(path + " cannot be read on this worker (" + e + ")");
        }
    }
}
