/**
 * The global checkpoint {@code {token, updatedAt}}: its codec, the local {@code CheckpointStore}
 * copy, the acknowledged prefix of emitted positions and the group commit of that prefix.
 */
package io.tidemark.mongotrigger.checkpoint;
