/**
 * Decides when a staged chunk is sealed (record count, bytes, record time, wall clock), between stage and upload.
 */
package io.tidemark.s3sink.rotation;
