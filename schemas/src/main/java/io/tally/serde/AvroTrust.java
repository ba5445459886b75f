package io.tally.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Registers Tally's generated Avro package with Avro's class security check (Avro 1.12.2 refuses to
 * instantiate classes outside trusted packages), so no JVM needs a system property to decode.
 */
public final class AvroTrust {
  private static final String PACKAGE_PREFIX = "io.tally.avro.";
  private static volatile boolean registered;

  private AvroTrust() {}

  /** Idempotent; safe to call from every serde constructor. */
  public static synchronized void register() {
    if (registered) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.ClassSecurityPredicate tally =
        cls -> cls.getName().startsWith(PACKAGE_PREFIX);
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, tally));
    registered = true;
  }
}
