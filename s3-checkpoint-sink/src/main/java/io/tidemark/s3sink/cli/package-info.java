/**
 * The {@code tidemark-s3} command line tool: lists, verifies and exports what the S3 checkpoint
 * sink wrote, through its manifests, with the connectors' S3 settings.
 */
package io.tidemark.s3sink.cli;
