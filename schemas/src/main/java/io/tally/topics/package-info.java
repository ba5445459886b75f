/** Topic names: the one place that spells them. */
package io.tally.topics;
