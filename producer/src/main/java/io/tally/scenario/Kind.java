package io.tally.scenario;

/** Whether a figure's events add up (counter) or observe a level (gauge). */
public enum Kind {
  COUNTER,
  GAUGE
}
