package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user gets it: {@code dist/target/tally-VERSION.tar.gz} unpacked with
 * tar, {@code bin/tally} run from another directory with nothing but a JRE (JAVA_HOME and a bare
 * PATH; no Maven, no source tree, no network beyond loopback), up to the demo's reconciliation. And
 * what it holds: a runtime in {@code lib/} without the broker, Scala or Kafka's perf tools.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseArchiveIT {
  private static final List<String> NOT_IN_THE_RUNTIME =
      List.of(
          "kafka_2.13-", "scala-library-", "scala-reflect-", "kafka-tools-", "connect-runtime-");
  private static final long MIB = 1024 * 1024;

  private Path tmp;
  private Path home;
  private Path elsewhere;

  @BeforeAll
  void unpack(@TempDir Path dir) throws IOException {
    tmp = dir;
    Path root = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    String version = System.getProperty("tally.version");
    Path archive = root.resolve("dist/target/tally-" + version + ".tar.gz");
    assertThat(archive).as("built by ./mvnw package").exists();
    Path unpacked = Files.createDirectories(tmp.resolve("opt"));
    Command.Result tar =
        Command.run(
            unpacked,
            Map.of("PATH", "/usr/bin:/bin"),
            Duration.ofSeconds(60),
            List.of("tar", "xzf", archive.toString()));
    assertThat(tar.exitCode()).as(tar.describe()).isZero();
    home = unpacked.resolve("tally-" + version);
    elsewhere = Files.createDirectories(tmp.resolve("somewhere-else"));
  }

  private Command.Result tally(Duration timeout, Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", elsewhere.toString());
    env.put("TALLY_HEAP", "512m");
    env.put("TALLY_JAVA_OPTS", "-XX:+UseSerialGC -Djava.io.tmpdir=" + elsewhere);
    env.putAll(extraEnv);
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/tally").toString());
    command.addAll(List.of(args));
    return Command.run(elsewhere, env, timeout, command);
  }

  @Test
  void theLayoutHasTheLauncherTheJarsTheScenariosAndTheDocs() {
    assertThat(home.resolve("bin/tally")).isExecutable();
    assertThat(home.resolve("lib")).isDirectory();
    assertThat(home.resolve("lib/tools")).isDirectory();
    assertThat(home.resolve("scenarios/double11-2022.yaml")).isRegularFile();
    assertThat(home.resolve("completion/tally.bash")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();
    assertThat(home.resolve("docs/docker.md")).isRegularFile();
  }

  @Test
  void theRuntimeHoldsNoBrokerScalaOrPerfTools() throws IOException {
    List<String> runtime = jars(home.resolve("lib"));
    List<String> tools = jars(home.resolve("lib/tools"));
    for (String banned : NOT_IN_THE_RUNTIME) {
      assertThat(runtime).as("lib/").noneMatch(jar -> jar.startsWith(banned));
    }
    assertThat(tools).anyMatch(jar -> jar.startsWith("kafka_2.13-"));
    assertThat(tools).anyMatch(jar -> jar.startsWith("kafka-tools-"));
    // tally bench starts and watches its child JVMs with the test kit's ChildProcess.
    assertThat(tools).anyMatch(jar -> jar.startsWith("tally-testkit-"));
    assertThat(tools).anyMatch(jar -> jar.startsWith("awaitility-"));
    assertThat(runtime).as("lib/").noneMatch(jar -> jar.startsWith("tally-testkit-"));
    assertThat(runtime).anyMatch(jar -> jar.startsWith("kafka-streams-"));
    assertThat(tools)
        .as("a jar in both would be on the tools' class path twice")
        .doesNotContainAnyElementsOf(runtime);
    // RocksDB's jar carries its native library for 14 platforms (about 70 MiB); the rest of the
    // runtime is about 33 MiB (docs/distribution.md lists it).
    long rest = 0;
    for (String jar : runtime) {
      if (!jar.startsWith("rocksdbjni-")) {
        rest += Files.size(home.resolve("lib").resolve(jar));
      }
    }
    assertThat(rest / MIB).as("MiB of lib/ besides RocksDB").isLessThan(40);
  }

  @Test
  void runsFromAnyDirectoryWithOnlyAJre() {
    Command.Result version = tally(Duration.ofSeconds(60), Map.of(), "--version");
    assertThat(version.exitCode()).as(version.describe()).isZero();
    assertThat(version.stdout()).contains("tally " + System.getProperty("tally.version"));

    Command.Result validate =
        tally(
            Duration.ofSeconds(60),
            Map.of(),
            "scenario",
            "validate",
            home.resolve("scenarios/double11-2022.yaml").toString());
    assertThat(validate.exitCode()).as(validate.describe()).isZero();
    assertThat(validate.stdout()).contains("ok: ", "43 figures");
  }

  @Test
  void replayStreamsAndScenarioRunOnTheRuntimeAloneTheToolsGetLibTools() {
    Map<String, String> showClassPath =
        Map.of("TALLY_JAVA_OPTS", "-XX:+UseSerialGC -XshowSettings:properties");
    Command.Result scenario = tally(Duration.ofSeconds(60), showClassPath, "scenario", "list");
    assertThat(scenario.exitCode()).as(scenario.describe()).isZero();
    assertThat(scenario.stderr()).contains("kafka-streams-").doesNotContain("lib/tools/");
    Command.Result broker = tally(Duration.ofSeconds(60), showClassPath, "broker", "--help");
    assertThat(broker.exitCode()).as(broker.describe()).isZero();
    assertThat(broker.stderr()).contains("lib/tools/kafka_2.13-");
  }

  @Test
  void completionLoadsInBash() {
    Command.Result bash =
        Command.run(
            elsewhere,
            Map.of("PATH", "/usr/bin:/bin"),
            Duration.ofSeconds(30),
            List.of(
                "bash",
                "-c",
                "source '" + home.resolve("completion/tally.bash") + "' && complete -p tally"));
    assertThat(bash.exitCode()).as(bash.describe()).isZero();
    assertThat(bash.stdout()).contains("_complete_tally");
    assertThat(home.resolve("completion/tally.bash"))
        .content()
        .contains("demo", "replay", "--bootstrap-servers", "ZSH_VERSION");
  }

  @Test
  void theDemoReconcilesFromTheArchive() {
    Command.Result demo =
        tally(
            Duration.ofSeconds(300),
            Map.of("TALLY_HEAP", "1g"),
            "demo",
            "--exit-when-done",
            "--speed",
            "max",
            "--metrics-port",
            "0");
    assertThat(demo.exitCode()).as(demo.describe()).isZero();
    assertThat(demo.stdout()).contains("43 figures: 43 exact, 0 pending, 0 mismatched");
    // The start-up is free of Kafka's benign warnings (internal topics not created yet).
    assertThat(demo.stderr()).doesNotContain("NetworkClient", "Exception");
    assertThat(demo.stderr()).containsPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
  }

  private static List<String> jars(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".jar"))
          .sorted()
          .toList();
    }
  }
}
