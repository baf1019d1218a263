/**
 * Pipeline step 4, the records: how a routed change event's value is written (JSON text or a
 * Struct). The Connect records themselves are built by {@code connect.EventRecords}.
 */
package io.tidemark.mongotrigger.record;
