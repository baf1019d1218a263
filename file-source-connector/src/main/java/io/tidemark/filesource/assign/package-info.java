/**
 * Splits the discovered files among tasks (by identity key), so each file is tailed by exactly one
 * task. Used by the tail stage, configured by the connect stage; depends only on {@code identity}.
 */
package io.tidemark.filesource.assign;
