/**
 * S3 checkpoint sink. Pipeline: connect (Connect task and connector) -> pipeline (per-partition engine) -> stage (local chunk files) -> rotation (when a chunk is sealed) -> upload (verify and upload a sealed chunk) -> manifest (chunk_catalog, change_log and the remote manifest commit) -> remote (S3 access); scan (ColdScan) rebuilds state from S3. Only the connect package imports the Connect API.
 */
package io.tidemark.s3sink;
