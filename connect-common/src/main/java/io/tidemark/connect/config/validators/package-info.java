/**
 * Validators and recommenders shared by every connector's {@code ConfigDef}: each checks one
 * setting's value on its own, so {@code validate()} can name the setting. Checks that span
 * settings are {@code crossFieldProblems()} of the parsed config instead.
 */
package io.tidemark.connect.config.validators;
