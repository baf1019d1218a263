/**
 * Lowest layer: S3 access with retries, checksums, conditional writes and the RemoteReadLimiter that bounds concurrent remote reads. Depends on no other package of the sink.
 */
package io.tidemark.s3sink.remote;
