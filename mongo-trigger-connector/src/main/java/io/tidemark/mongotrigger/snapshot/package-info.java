/**
 * Initial snapshot (startup.mode=copy_existing): copies the existing documents of the watched
 * namespaces in {@code _id} order, resumable from the last copied {@code _id} of the current
 * namespace, before the change stream continues from the operation time taken before the copy
 * started. Knows nothing of Kafka Connect.
 */
package io.tidemark.mongotrigger.snapshot;
