/**
 * Pipeline stage 6 of 6 (discovery -> identity -> tail -> read -> multiline -> connect): the only
 * package that knows Kafka Connect. Configuration and validation, the connector and its task, the
 * mapping of tail events to source records and of positions to Connect offsets, and the local
 * CheckpointStore that mirrors acknowledged positions.
 */
package io.tidemark.filesource.connect;
