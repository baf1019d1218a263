/**
 * Pipeline stage 5 of 6 (discovery -> identity -> tail -> read -> multiline -> connect): joins
 * consecutive lines into one event by a start/continuation pattern, with a timeout for the last
 * event of a quiet file. Depends only on {@code read}.
 */
package io.tidemark.filesource.multiline;
