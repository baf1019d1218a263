/**
 * Pipeline stage 4 of 6 (discovery -> identity -> tail -> read -> multiline -> connect): cuts an open
 * file into lines (charset, BOM and delimiter, overlong-line handling) and gives each line the
 * position, fingerprint and check window after it. Depends only on {@code identity}.
 */
package io.tidemark.filesource.read;
