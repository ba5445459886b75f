package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreMemoTest {
  @Test
  void keepsTheMostRecentlyUsedKeysUpToItsCapacity() {
    StoreMemo<String> memo = new StoreMemo<>(2);
    memo.put("a", "1");
    memo.put("b", "2");
    assertThat(memo.get("a")).isEqualTo("1");
    memo.put("c", "3");
    assertThat(memo.get("b")).as("least recently used, evicted").isNull();
    assertThat(memo.get("a")).isEqualTo("1");
    assertThat(memo.get("c")).isEqualTo("3");
    assertThat(memo.size()).isEqualTo(2);
  }

  @Test
  void forgetsAKeyOrEverything() {
    StoreMemo<String> memo = new StoreMemo<>(10);
    memo.put("a", "1");
    memo.put("b", "2");
    memo.forget("a");
    assertThat(memo.get("a")).isNull();
    memo.clear();
    assertThat(memo.size()).isZero();
  }
}
