/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.Fingerprint;

/**
 * A position stored for one file identity (in Connect's offsets or the local store).
 *
 * @param fileId      the identity it belongs to
 * @param pos         byte offset to resume from
 * @param line        number of the last line before {@code pos} (0 at the start)
 * @param fingerprint head fingerprint when it was taken; null when unknown (set by an operator)
 * @param check       hash of the bytes before {@code pos}; null when unknown (set by an operator)
 * @param path        last path the file was seen at (informational), may be null
 */
public record StoredPosition(
        String fileId, long pos, long line, Fingerprint fingerprint, CheckHash check, String path) {}
