/**
 * The audit log: where decisions that skip or replay data are recorded. Used by the startup and
 * stream steps; depends on nothing else in the connector.
 */
package io.tidemark.mongotrigger.audit;
