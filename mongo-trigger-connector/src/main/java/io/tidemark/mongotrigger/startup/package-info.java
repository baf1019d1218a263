/**
 * Where the change stream starts: turns the resolved checkpoint and the startup settings
 * (StartFromNow, start.at.operation.time) into a start position, or fails when there is no
 * checkpoint and no permission to start elsewhere. Uses the checkpoint and stream packages.
 */
package io.tidemark.mongotrigger.startup;
