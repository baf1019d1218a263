/**
 * Commit stage. A chunk counts only once a manifest lists it. {@link io.tidemark.s3sink.manifest.ManifestWriter}
 * keeps each partition's manifest in two places: the S3 head ({@code RemoteManifest}: If-None-Match /
 * If-Match conditional writes, immutable manifest segments, fencing of older writers), the truth; and the
 * local catalog in the CheckpointStore ({@code ChunkCatalog}: chunk_catalog, manifest_segments,
 * chunk_delta_index, change_log with TruncateAppendOnly, as ManifestOp and ChunkEntryRecord records),
 * written after each S3 write succeeded.
 */
package io.tidemark.s3sink.manifest;
