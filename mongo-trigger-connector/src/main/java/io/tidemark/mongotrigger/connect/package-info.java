/**
 * The Kafka Connect adapter: connector, config, task and the factory that wires the pipeline
 * (stream, filter, trigger, record, checkpoint). The only package that imports the Connect API.
 */
package io.tidemark.mongotrigger.connect;
