package io.tally.serde;

import io.tally.avro.EventId;
import java.nio.ByteBuffer;
import java.util.UUID;

/** An observation's 16-byte event id as the UUID text that v1 events carried. */
public final class EventIds {
  private EventIds() {}

  public static String text(EventId id) {
    ByteBuffer b = ByteBuffer.wrap(id.bytes());
    return new UUID(b.getLong(), b.getLong()).toString();
  }
}
