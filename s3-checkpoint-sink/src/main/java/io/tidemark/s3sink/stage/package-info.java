/**
 * First stage: records are staged in local chunk files (LocalStore) under a claimed scratch directory; sealed chunks wait there for upload.
 */
package io.tidemark.s3sink.stage;
