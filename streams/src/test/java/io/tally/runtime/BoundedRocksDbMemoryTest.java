package io.tally.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.topology.TallyObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one RocksDB memory bound every store of the process shares. */
class BoundedRocksDbMemoryTest {
  @TempDir Path stateDir;

  @Test
  void rocksDbMemoryIsBoundedForEveryStoreAndCanBeSized() {
    Properties props =
        TallyStreamsConfig.defaults("broker:9092", stateDir).properties(TallyObserver.NOOP);
    assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDbMemory.class);
    assertThat(BoundedRocksDbMemory.totalBytes(Map.of()))
        .isEqualTo(BoundedRocksDbMemory.TOTAL_BYTES);
    assertThat(
            BoundedRocksDbMemory.totalBytes(
                Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, "536870912")))
        .isEqualTo(512L << 20);
    assertThatThrownBy(
            () ->
                BoundedRocksDbMemory.totalBytes(
                    Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, "1024")))
        .hasMessageContaining("tally.rocksdb.memory.bytes");
  }
}
