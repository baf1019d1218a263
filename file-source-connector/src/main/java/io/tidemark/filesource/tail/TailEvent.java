/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.read.Line;
import java.nio.file.Path;

/**
 * One line (or one multiline event) of one file, ready to be sent. {@code line.end()} with its
 * fingerprint and check hash is the position to store once the event is acknowledged.
 */
public record TailEvent(String fileId, Path path, Line line) {}
