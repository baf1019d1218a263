/**
 * The error model of every connector: domain classes throw {@link io.tidemark.connect.errors.TidemarkException}
 * (retriable or not); {@link io.tidemark.connect.errors.ErrorTranslator} is the one place that maps
 * failures to Connect's {@code RetriableException} / {@code ConnectException}.
 */
package io.tidemark.connect.errors;
