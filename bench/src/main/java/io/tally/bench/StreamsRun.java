package io.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.testkit.Await;
import io.tally.testkit.ChildProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One streams app ({@link StreamsMain}) in a child JVM, and what the bench measures of it: when it
 * started consuming, when it had consumed and committed the whole event topic and every figure
 * reconciled, a {@code /metrics} scrape, its peak RSS and its heap after a full GC.
 */
final class StreamsRun implements AutoCloseable {
  private static final Pattern STARTED =
      Pattern.compile("TALLY-STREAMS http=(\\d+) running-at=(\\d+)");
  private static final Pattern BARE_STARTED = Pattern.compile("BARE-STREAMS running-at=(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final ChildProcess child;
  private final String applicationId;
  private final int httpPort;
  private final long runningAtMillis;
  private final long cpuMillisAtStart;

  private StreamsRun(ChildProcess child, String applicationId, int httpPort, long runningAtMillis) {
    this.child = child;
    this.applicationId = applicationId;
    this.httpPort = httpPort;
    this.runningAtMillis = runningAtMillis;
    this.cpuMillisAtStart = cpuMillis(child.pid());
  }

  /**
   * Starts the bare Kafka Streams baseline ({@link BareStreamsMain}) on {@code topic} and waits
   * until it runs. It serves no HTTP: only its consumption, CPU and memory are measured.
   */
  static StreamsRun startBare(
      Workspace work, String name, String bootstrap, String topic, Map<String, String> overrides)
      throws InterruptedException {
    Path state = work.resolve("state-" + name);
    Workspace.deleteRecursively(state);
    List<String> args = new ArrayList<>(List.of(bootstrap, name, state.toString(), topic));
    overrides.forEach((k, v) -> args.add(k + "=" + v));
    ChildProcess child = work.startTally(name, BareStreamsMain.class, args);
    try {
      Matcher m = child.awaitLine(BARE_STARTED, Duration.ofMinutes(3));
      return new StreamsRun(child, name, -1, Long.parseLong(m.group(1)));
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
  }

  /** Starts the app on {@code topic} and waits until Kafka Streams runs. */
  static StreamsRun start(
      Workspace work,
      String name,
      String bootstrap,
      String topic,
      Path scenarioFile,
      Map<String, String> overrides)
      throws InterruptedException {
    // A kept --work-dir may hold the state of an app of this name on another (earlier) broker.
    Path state = work.resolve("state-" + name);
    Workspace.deleteRecursively(state);
    List<String> args = new ArrayList<>();
    args.add(bootstrap);
    args.add(name);
    args.add(state.toString());
    args.add(topic);
    args.add(scenarioFile.toString());
    overrides.forEach((k, v) -> args.add(k + "=" + v));
    ChildProcess child = work.startTally(name, StreamsMain.class, args);
    try {
      Matcher m = child.awaitLine(STARTED, Duration.ofMinutes(3));
      return new StreamsRun(child, name, Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
  }

  int httpPort() {
    return httpPort;
  }

  /** When Kafka Streams reached RUNNING (epoch ms, the child's clock: this machine's). */
  long runningAtMillis() {
    return runningAtMillis;
  }

  /**
   * Waits until the app has committed offsets for every record of {@code topic}; under exactly-once
   * that is when the totals of every record are committed too.
   *
   * @return when it was seen (epoch ms)
   */
  long awaitCommitted(Admin admin, String topic, long records, Duration timeout)
      throws InterruptedException {
    try {
      // Polled often: the moment it is seen is the measurement.
      Await.poll(timeout, Duration.ofMillis(25))
          .until(
              () -> {
                if (!child.isAlive()) {
                  throw new BenchException(applicationId + " died" + child.tail());
                }
                return committed(admin, topic) >= records;
              });
      return System.currentTimeMillis();
    } catch (ConditionTimeoutException e) {
      throw new BenchException(
          applicationId
              + " did not consume "
              + records
              + " records of "
              + topic
              + " in "
              + timeout);
    }
  }

  private long committed(Admin admin, String topic) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (ExecutionException e) {
      return 0;
    }
  }

  /**
   * Waits until {@code /api/v1/reconciliation} says every figure is exact.
   *
   * @return when it was seen (epoch ms)
   */
  long awaitReconciled(Duration timeout) throws InterruptedException {
    AtomicReference<String> last = new AtomicReference<>("no answer");
    try {
      Await.atMost(timeout)
          .until(
              () -> {
                try {
                  JsonNode summary =
                      JSON.readTree(get("/api/v1/reconciliation").body()).path("summary");
                  last.set(summary.toString());
                  return summary.path("allExact").asBoolean(false);
                } catch (IOException e) {
                  last.set(e.toString());
                  return false;
                }
              });
      return System.currentTimeMillis();
    } catch (ConditionTimeoutException e) {
      throw new BenchException(
          applicationId + " did not reconcile in " + timeout + ": " + last.get());
    }
  }

  /** One {@code GET /metrics}: how long it took and how big it was. */
  record Scrape(double millis, long bytes, String body) {}

  /** Timed until the last byte is received, as a Prometheus server would; decoded afterwards. */
  Scrape scrape() throws InterruptedException {
    return timedGet("/metrics", false);
  }

  /**
   * A scrape as Prometheus sends it, with {@code Accept-Encoding: gzip}: timed until the last
   * compressed byte is received; {@code bytes} counts the bytes on the wire.
   */
  Scrape gzipScrape() throws InterruptedException {
    return timedGet("/metrics", true);
  }

  /** One GET of {@code path}, timed until the last byte is received. */
  Scrape timedGet(String path, boolean gzip) throws InterruptedException {
    HttpRequest.Builder request = request(path).GET();
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      double millis = (System.nanoTime() - start) / 1e6;
      if (response.statusCode() != 200) {
        throw new BenchException(path + " answered " + response.statusCode());
      }
      byte[] bytes = response.body();
      boolean gzipped =
          response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
      if (gzip && !gzipped) {
        throw new BenchException(path + " ignored Accept-Encoding: gzip");
      }
      byte[] text = gzipped ? gunzip(bytes) : bytes;
      return new Scrape(millis, bytes.length, new String(text, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BenchException("cannot GET " + path + " from " + applicationId + ": " + e, e);
    }
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(60));
  }

  /**
   * CPU time (user and system, all threads) the app has used since it started running; -1 if
   * unknown.
   */
  long cpuMillisSinceRunning() {
    long now = cpuMillis(child.pid());
    return now < 0 || cpuMillisAtStart < 0 ? -1 : now - cpuMillisAtStart;
  }

  /** CPU time of a process from {@code /proc/PID/stat} (in clock ticks of 10 ms); -1 if unknown. */
  static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command (which may hold spaces) start after the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", -1);
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The high-water mark of the child's resident set (VmHWM), in bytes; -1 if unknown. */
  long peakRssBytes() {
    return procStatusKb(child.pid(), "VmHWM") * 1024;
  }

  static long procStatusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux, or the process is gone.
    }
    return -1;
  }

  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  /**
   * Heap in use right after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}); -1 if
   * the JDK has no jcmd.
   */
  long heapAfterGcBytes() throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return -1;
    }
    try {
      jcmd(jcmd, "GC.run");
      Matcher used = HEAP_USED.matcher(jcmd(jcmd, "GC.heap_info"));
      return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private String jcmd(Path jcmd, String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(child.pid()), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    return out;
  }

  long pid() {
    return child.pid();
  }

  void stop() throws InterruptedException {
    child.stop(Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    child.close();
  }
}
