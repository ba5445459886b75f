package io.tally.bench;

import io.tally.testkit.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own perf tools ({@code org.apache.kafka.tools.ProducerPerformance} and {@code
 * ConsumerPerformance} from {@code kafka-tools}) in child JVMs, and their summary lines parsed.
 */
final class PerfTools {
  // "1000000 records sent, 512345.6 records/sec (48.86 MB/sec), 1.2 ms avg latency, ..."
  private static final Pattern PRODUCER_SUMMARY =
      Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

  private PerfTools() {}

  /** A tool's throughput; for the consumer, after the group has joined (fetch time only). */
  record Rate(long records, double recordsPerSecond, double megabytesPerSecond) {}

  /**
   * ProducerPerformance with Tally's producer settings, record size and key spread: keys drawn at
   * random from as many values as the scenario has figures (Tally keys every event by its metric).
   */
  static Rate produce(
      Workspace work,
      String name,
      String bootstrap,
      String topic,
      long records,
      int recordSize,
      int keyRange,
      Map<String, Object> producerSettings)
      throws InterruptedException {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--bootstrap-server",
            bootstrap,
            "--topic",
            topic,
            "--num-records",
            Long.toString(records),
            "--record-size",
            Integer.toString(recordSize),
            "--throughput",
            "-1",
            "--key-distribution",
            "random",
            "--record-key-range",
            Integer.toString(keyRange),
            "--reporting-interval",
            "600000",
            "--command-property"));
    producerSettings.forEach(
        (k, v) -> {
          if (!k.equals("bootstrap.servers")) {
            args.add(k + "=" + v);
          }
        });
    ChildProcess child =
        work.startTool(name, "org.apache.kafka.tools.ProducerPerformance", args, false);
    child.awaitSuccess(Duration.ofMinutes(30));
    Matcher m =
        child
            .lastLine(PRODUCER_SUMMARY)
            .orElseThrow(() -> new BenchException(name + " printed no summary" + child.tail()));
    return new Rate(
        Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
  }

  /**
   * ConsumerPerformance reading a whole topic from the start, read_committed as Kafka Streams reads
   * under exactly-once; the rate is its {@code fetch.nMsg.sec}, which leaves out joining the group
   * (as the streams side leaves out its start-up).
   */
  static Rate consume(Workspace work, String name, String bootstrap, String topic, long records)
      throws InterruptedException {
    List<String> args =
        List.of(
            "--bootstrap-server",
            bootstrap,
            "--topic",
            topic,
            "--num-records",
            Long.toString(records),
            "--group",
            name,
            "--timeout",
            "60000",
            "--command-property",
            "isolation.level=read_committed");
    ChildProcess child =
        work.startTool(name, "org.apache.kafka.tools.ConsumerPerformance", args, false);
    child.awaitSuccess(Duration.ofMinutes(30));
    Optional<Rate> rate = parseConsumer(child.stdoutLines());
    return rate.orElseThrow(() -> new BenchException(name + " printed no summary" + child.tail()));
  }

  /**
   * Parses ConsumerPerformance's data line: {@code start.time, end.time, data.consumed.in.MB,
   * MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec,
   * fetch.nMsg.sec}.
   */
  static Optional<Rate> parseConsumer(List<String> lines) {
    for (String line : lines) {
      String[] cells = line.split(",\\s*", -1);
      if (cells.length >= 10 && Character.isDigit(cells[0].charAt(0))) {
        try {
          return Optional.of(
              new Rate(
                  Long.parseLong(cells[4].trim()),
                  Double.parseDouble(cells[9].trim()),
                  Double.parseDouble(cells[8].trim())));
        } catch (NumberFormatException e) {
          // Not the data line.
        }
      }
    }
    return Optional.empty();
  }
}
