/**
 * ColdScan: rebuilds a partition's state from the manifest and chunk objects on S3 when the local store has nothing (or is behind). Reads through manifest and remote.
 */
package io.tidemark.s3sink.scan;
