package io.tally.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults one test injected, and its summary line: {@code faults injected: N, records sent: M,
 * lost: L, duplicated: D}, with M, L and D computed by an {@link Audit} of the topics. The lines of
 * every test add up to the suite's line, which {@link SuiteSummary} prints once all tests ran.
 */
final class Faults {
  private static final Logger log = LoggerFactory.getLogger(Faults.class);
  private static final AtomicLong SUITE_FAULTS = new AtomicLong();
  private static final AtomicLong SUITE_SENT = new AtomicLong();
  private static final AtomicLong SUITE_LOST = new AtomicLong();
  private static final AtomicLong SUITE_DUPLICATED = new AtomicLong();
  private static final List<String> SUITE_LINES = new ArrayList<>();

  private final String test;
  private final List<String> injected = new ArrayList<>();

  Faults(String test) {
    this.test = test;
  }

  /** Records (and logs) one fault as it is injected. */
  void inject(String description) {
    injected.add(description);
    log.info("{}: fault {}: {}", test, injected.size(), description);
  }

  int count() {
    return injected.size();
  }

  List<String> injected() {
    return List.copyOf(injected);
  }

  /** Prints this test's summary line and adds it to the suite's. */
  String report(Audit audit) {
    String line = line(injected.size(), audit.sent(), audit.lost(), audit.duplicated());
    System.out.println(test + ": " + line);
    SUITE_FAULTS.addAndGet(injected.size());
    SUITE_SENT.addAndGet(audit.sent());
    SUITE_LOST.addAndGet(audit.lost());
    SUITE_DUPLICATED.addAndGet(audit.duplicated());
    synchronized (SUITE_LINES) {
      SUITE_LINES.add(test + ": " + line);
    }
    return line;
  }

  static String line(long faults, long sent, long lost, long duplicated) {
    return String.format(
        "faults injected: %d, records sent: %d, lost: %d, duplicated: %d",
        faults, sent, lost, duplicated);
  }

  /**
   * Prints the suite's summary when the JUnit run ends (a resource in the root context's store is
   * closed after the last test class).
   */
  static final class SuiteSummary implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      context
          .getRoot()
          .getStore(Namespace.create(SuiteSummary.class))
          .getOrComputeIfAbsent("summary", k -> new Printer(), Printer.class);
    }
  }

  private static final class Printer implements AutoCloseable {
    @Override
    public void close() {
      StringBuilder text = new StringBuilder("\n=== Reliability suite ===\n");
      synchronized (SUITE_LINES) {
        SUITE_LINES.forEach(l -> text.append("  ").append(l).append('\n'));
      }
      text.append("Reliability suite: ")
          .append(
              line(SUITE_FAULTS.get(), SUITE_SENT.get(), SUITE_LOST.get(), SUITE_DUPLICATED.get()));
      System.out.println(text);
    }
  }
}
