/**
 * Commit stage: the local catalog of chunks (chunk_catalog, change_log in the CheckpointStore) and the partition manifest on S3, written with conditional writes (TruncateAppendOnly, ManifestOp, ChunkEntryRecord). A chunk counts only once a manifest lists it.
 */
package io.tidemark.s3sink.manifest;
