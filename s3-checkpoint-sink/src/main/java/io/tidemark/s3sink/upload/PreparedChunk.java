/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.upload;

import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import java.nio.file.Path;

/** A sealed chunk ready for upload: its final (possibly compressed) file, verified, and its catalog entry. */
public record PreparedChunk(Path file, ChunkEntryRecord entry) {}
