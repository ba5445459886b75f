package io.tally.expand;

import java.nio.charset.StandardCharsets;

/**
 * Stateless, platform-independent pseudo-randomness: SplitMix64 over (seed, figure, index). Random
 * access by index is what lets a figure's events be generated lazily and identically on every run.
 */
final class Mix {
  private Mix() {}

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A stable 64-bit hash of text (FNV-1a over UTF-8). */
  static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** A value in [0, 1) for this stream and index. */
  static double unit(long stream, long index) {
    return (mix64(stream + 0x9e3779b97f4a7c15L * (index + 1)) >>> 11) * 0x1.0p-53;
  }

  /** A value in [0, bound) for this stream and index. */
  static long below(long stream, long index, long bound) {
    return Math.floorMod(mix64(stream ^ (0x632be59bd9b4e019L * (index + 7))), bound);
  }
}
