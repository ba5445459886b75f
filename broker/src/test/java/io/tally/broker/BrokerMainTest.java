package io.tally.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line of {@link BrokerMain}. */
class BrokerMainTest {

  @Test
  void parsesAllArguments() {
    BrokerMain.Arguments args =
        BrokerMain.parse(
            "--port",
            "9092",
            "--controller-port",
            "9093",
            "--data-dir",
            "/tmp/k",
            "--partitions",
            "6",
            "--property",
            "a.b=c=d",
            "--parent-pid",
            "42");
    assertThat(args.options().port()).isEqualTo(9092);
    assertThat(args.options().controllerPort()).isEqualTo(9093);
    assertThat(args.options().dataDir()).isEqualTo(Path.of("/tmp/k"));
    assertThat(args.options().defaultPartitions()).isEqualTo(6);
    assertThat(args.options().extraProperties()).isEqualTo(Map.of("a.b", "c=d"));
    assertThat(args.parentPid()).isEqualTo(42);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> BrokerMain.parse("--port", "1"))
        .hasMessageContaining("--data-dir is required");
    assertThatThrownBy(() -> BrokerMain.parse("--data-dir", "d", "--port"))
        .hasMessageContaining("missing value after --port");
    assertThatThrownBy(() -> BrokerMain.parse("--data-dir", "d", "--bogus", "1"))
        .hasMessageContaining("unknown argument: --bogus");
    assertThatThrownBy(() -> BrokerMain.parse("--data-dir", "d", "--port", "x"))
        .hasMessageContaining("--port needs a number");
    assertThatThrownBy(() -> BrokerMain.parse("--data-dir", "d", "--property", "=x"))
        .hasMessageContaining("NAME=VALUE");
  }

  @Test
  void readyLineNamesTheLoopbackAddress() {
    assertThat(BrokerMain.READY_PREFIX + 1234).isEqualTo("Kafka broker ready at 127.0.0.1:1234");
  }
}
