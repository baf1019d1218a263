/** Retry timing shared by every connector (S3 requests, change-stream reopen). No Connect types. */
package io.tidemark.connect.retry;
