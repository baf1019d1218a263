/**
 * The per-partition pipeline driven by the task: stages records, asks rotation when to seal a chunk, hands sealed chunks to upload, commits them through manifest and reports which offsets are durable. Knows nothing of Connect.
 */
package io.tidemark.s3sink.pipeline;
