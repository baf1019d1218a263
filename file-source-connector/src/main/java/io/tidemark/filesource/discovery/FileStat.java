/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.discovery;

import io.tidemark.filesource.identity.FileKey;
import java.nio.file.Path;

/** What one stat of a matching file says: nothing here reads the file's contents. */
public record FileStat(Path path, FileKey key, long size, long mtimeMillis) {}
