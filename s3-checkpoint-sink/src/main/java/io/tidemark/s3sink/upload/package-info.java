/**
 * Verifies a sealed chunk against its checksum and uploads it to S3, then lists it in the manifest; the stage between rotation and manifest.
 */
package io.tidemark.s3sink.upload;
