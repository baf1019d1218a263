/**
 * Pipeline stage 1 of 6 (discovery -> identity -> tail -> read -> multiline -> connect): finds the
 * files to tail. Stat-only scans of the configured roots filtered by include/exclude globs, nudged
 * by a watch service. Knows nothing of file contents or Kafka Connect; depends only on
 * {@code identity} (the device+inode key a scan reports).
 */
package io.tidemark.filesource.discovery;
