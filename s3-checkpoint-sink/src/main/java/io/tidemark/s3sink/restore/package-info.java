/**
 * Restore: reads what the sink wrote back out of S3, through the manifests only (segments
 * included), verifies every chunk's checksum against its manifest entry before anything of it is
 * handed out, and decodes the JSON envelope into the original records (key, value, headers,
 * timestamp, offset). Chunks are downloaded through the {@code RemoteReadLimiter} into a local
 * {@code hot_cache/} directory with a byte quota (least recently used chunks evicted first). The
 * Connect source that replays the records lives in {@code restore.connect}; the {@code tidemark-s3}
 * command line tool in {@code cli}.
 */
package io.tidemark.s3sink.restore;
