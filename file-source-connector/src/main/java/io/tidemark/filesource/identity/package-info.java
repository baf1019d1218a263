/**
 * Pipeline stage 2 of 6 (discovery -> identity -> tail -> read -> multiline -> connect): tells
 * files apart across rename, copytruncate and inode reuse. A file identity is its device+inode key
 * plus a hash of its first line; a position carries a fingerprint and a check window so a resumed
 * read can prove the bytes before it are unchanged. Depends on nothing else in the module.
 */
package io.tidemark.filesource.identity;
