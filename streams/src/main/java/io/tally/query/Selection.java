package io.tally.query;

/** Which entries of a store's partitions a read returns. */
public sealed interface Selection {
  /** Every entry. */
  record All() implements Selection {}

  /** The entry of one key, if present. */
  record Key(String key) implements Selection {}

  /** Every entry whose key starts with the prefix. */
  record Prefix(String prefix) implements Selection {}

  static Selection all() {
    return new All();
  }
}
