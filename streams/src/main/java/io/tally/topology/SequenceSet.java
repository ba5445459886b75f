package io.tally.topology;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * The sequence numbers of one figure and run that have been counted, kept compact: every number
 * below {@code floor} is counted, and a bitmap holds the ones above it. Events mostly arrive in
 * order, so the bitmap stays a few bytes however large the figure, and the state a metric rewrites
 * on every event stays small.
 */
final class SequenceSet {
  private int floor;
  private BitSet above;

  SequenceSet() {
    this(0, new BitSet());
  }

  private SequenceSet(int floor, BitSet above) {
    this.floor = floor;
    this.above = above;
  }

  boolean contains(int sequence) {
    return sequence < floor || above.get(sequence - floor);
  }

  /** Adds a non-negative sequence number; returns false if it was already there. */
  boolean add(int sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("negative sequence " + sequence);
    }
    if (contains(sequence)) {
      return false;
    }
    above.set(sequence - floor);
    int run = above.nextClearBit(0);
    if (run > 0) {
      // Move the counted prefix into the floor so the bitmap holds only the gaps' right side.
      floor += run;
      above = above.get(run, Math.max(run, above.length()));
    }
    return true;
  }

  int size() {
    return floor + above.cardinality();
  }

  int serializedSize() {
    return Integer.BYTES * 2 + (above.length() + 7) / 8;
  }

  void writeTo(ByteBuffer buffer) {
    byte[] bits = above.toByteArray();
    buffer.putInt(floor);
    buffer.putInt(bits.length);
    buffer.put(bits);
  }

  static SequenceSet readFrom(ByteBuffer buffer) {
    int floor = buffer.getInt();
    byte[] bits = new byte[buffer.getInt()];
    buffer.get(bits);
    return new SequenceSet(floor, BitSet.valueOf(bits));
  }
}
