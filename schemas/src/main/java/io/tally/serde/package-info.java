/** Avro single-object serdes for Tally's topics, and the registration of Avro's trusted package. */
package io.tally.serde;
