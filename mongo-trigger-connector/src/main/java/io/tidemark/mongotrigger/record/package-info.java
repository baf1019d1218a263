/**
 * Pipeline step 4, the records: builds the key, value, headers and heartbeat of the records a
 * routed change event becomes.
 */
package io.tidemark.mongotrigger.record;
