/**
 * Pipeline step 2, the logical database filter: keeps the events of the configured logical database
 * of the one global stream (read from the document, its pre-image, its key or the updated fields).
 */
package io.tidemark.mongotrigger.filter;
