/**
 * Deliberately mis-layered classes, shaped like Tidemark's packages below {@code
 * io.tidemark.archfixture}: the architecture tests check that every layering rule fails on them.
 * Never used at run time.
 */
package io.tidemark.archfixture;
