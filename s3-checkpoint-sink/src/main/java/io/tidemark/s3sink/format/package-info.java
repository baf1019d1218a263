/**
 * How records are written into chunk objects: the JSON-lines envelope, raw values, Parquet (staged
 * rows turned into a Parquet file when the chunk is sealed) and compression. Free of Connect.
 */
package io.tidemark.s3sink.format;
