package io.tidemark.s3sink.manifest;

/**
 * What the local store remembers of a partition's S3 manifest besides the chunk_catalog: the ETag
 * of the last write, epoch, owner, write id, next offset, and change_log bounds.
 */
record LocalHead(String etag, long epoch, String owner, String writeId, long nextOffset, int chunkCount,
                 long firstLogSeq, long nextLogSeq) {
}
