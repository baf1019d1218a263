/**
 * Pipeline step 1, the change stream: opens the MongoDB change stream at a start position, reads
 * change events, classifies server errors (transient, history lost, fatal) and reopens after a
 * transient error with backoff. Knows nothing of Kafka Connect.
 */
package io.tidemark.mongotrigger.stream;
