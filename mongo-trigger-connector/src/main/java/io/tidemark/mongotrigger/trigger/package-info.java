/**
 * Pipeline step 3, the triggers: evaluates the named trigger rules on each filtered event and
 * routes it to the topics of the rules it matches (or the unmatched policy).
 */
package io.tidemark.mongotrigger.trigger;
