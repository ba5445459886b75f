/**
 * What Tally's log output leaves out: Kafka warnings known to be benign, filtered by logback.xml's
 * appenders so that a start-up looks clean while real problems still show.
 */
package io.tally.logs;
