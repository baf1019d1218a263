/**
 * Kafka Connect adapter: configuration, connector, task and the encoding of SinkRecords into envelopes. The only package that imports the Connect API; it hands records to the pipeline.
 */
package io.tidemark.s3sink.connect;
