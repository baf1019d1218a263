/**
 * Pipeline stage 3 of 6 (discovery -> identity -> tail -> read -> multiline -> connect): follows the
 * owned files through rotation, truncation, deletion and copies, decides where to read each one
 * from, keeps a bounded pool of open files, and hands out events with the position to store once
 * acknowledged. Uses discovery, identity, assign, read and multiline; knows nothing of Kafka Connect.
 */
package io.tidemark.filesource.tail;
