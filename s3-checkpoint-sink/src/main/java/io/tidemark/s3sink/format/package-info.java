/**
 * How records are written into chunk objects: the JSON-lines envelope, raw values and compression. Free of Connect.
 */
package io.tidemark.s3sink.format;
