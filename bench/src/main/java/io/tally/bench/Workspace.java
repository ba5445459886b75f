package io.tally.bench;

import io.tally.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench's directory (scenario files, state directories, child output, flight recordings) and
 * how its child JVMs start: the tools with {@code -Xmx512m}, Tally's replay and streams app with
 * the heap {@code ./tally} gives them, all logging at WARN (io.tally at INFO) to their own files.
 */
final class Workspace {
  static final String TOOL_HEAP = "-Xmx512m";
  static final String MAX_CACHED_BUFFER = "-Djdk.nio.maxCachedBufferSize=262144";
  static final String STREAMS_HEAP = "512m";
  static final String REPLAY_HEAP = "1g";

  private static final String LOGBACK =
      """
      <configuration>
        <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
          <target>System.err</target>
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
        </appender>
        <logger name="io.tally" level="INFO"/>
        <root level="WARN"><appender-ref ref="ERR"/></root>
      </configuration>
      """;

  private final Path dir;
  private final Path logback;
  private final String tallyHeap;
  private final boolean flightRecordings;

  Workspace(Path dir, String tallyHeap, boolean flightRecordings) {
    this.dir = dir;
    this.tallyHeap = tallyHeap;
    this.flightRecordings = flightRecordings;
    this.logback = dir.resolve("logback-bench.xml");
    try {
      Files.createDirectories(dir);
      Files.writeString(logback, LOGBACK);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }

  Path dir() {
    return dir;
  }

  Path resolve(String name) {
    return dir.resolve(name);
  }

  /** A Kafka tool (or any helper) with the tools' heap. */
  ChildProcess startTool(String name, String mainClass, List<String> args, boolean tally) {
    List<String> jvm = new ArrayList<>();
    boolean streams = mainClass.equals(StreamsMain.class.getName());
    if (tally) {
      // As bin/tally runs the streams and replay commands, unless --heap says otherwise.
      jvm.add("-Xmx" + (tallyHeap != null ? tallyHeap : streams ? STREAMS_HEAP : REPLAY_HEAP));
    } else {
      jvm.add(TOOL_HEAP);
    }
    if (streams) {
      jvm.add(MAX_CACHED_BUFFER);
    }
    jvm.add("-Dlogback.configurationFile=" + logback);
    jvm.add("-Djava.io.tmpdir=" + dir);
    if (flightRecordings) {
      jvm.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + dir.resolve(name + ".jfr")
              + ",dumponexit=true");
    }
    return ChildProcess.start(name, ChildProcess.javaCommand(jvm, mainClass, args), dir);
  }

  /** One of Tally's own mains, with the heap {@code ./tally} runs with. */
  ChildProcess startTally(String name, Class<?> main, List<String> args) {
    return startTool(name, main.getName(), args, true);
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Left behind; a later run deletes it again.
    }
  }
}
