package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as Jib wrote it (app/target/tally-image-scratch.tar: the image of app/pom.xml
 * on an empty base, since CI reaches no registry to pull the JRE from), read without a Docker
 * engine: its manifest and config (entrypoint, user, port, volume, environment, labels, layers),
 * then its layers unpacked and the entrypoint's class path run with this JVM's {@code java}: the
 * image's jars start {@code tally --version} and hold no broker, Scala or perf tools.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path tmp;
  private Path rootfs;
  private JsonNode manifest;
  private JsonNode config;

  @BeforeAll
  void unpackTheImage(@TempDir Path dir) throws IOException {
    tmp = dir;
    Path root = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    Path tar = root.resolve("app/target/tally-image-scratch.tar");
    assertThat(tar).as("built by ./mvnw package (jib:buildTar)").exists();
    Path image = Files.createDirectories(tmp.resolve("image"));
    untar(image, "xpf", tar);
    manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
    config = JSON.readTree(image.resolve(manifest.path("Config").asText()).toFile());
    rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    for (JsonNode layer : manifest.path("Layers")) {
      untar(rootfs, "xpzf", image.resolve(layer.asText()));
    }
  }

  @Test
  void manifestNamesTheImageAndItsLayers() {
    assertThat(manifest.path("RepoTags").toString())
        .contains("tally:" + System.getProperty("tally.version"), "tally:latest");
    // Dependencies, Tally's own modules, resources, classes, ... each its own layer, so that a
    // change to Tally's code does not ship the dependencies again.
    assertThat(manifest.path("Layers").size()).isGreaterThanOrEqualTo(4);
    assertThat(config.path("rootfs").path("diff_ids").size())
        .isEqualTo(manifest.path("Layers").size());
  }

  @Test
  void configRunsTallyAsANonRootUserWithAContainerSizedHeap() {
    JsonNode c = config.path("config");
    List<String> entrypoint = strings(c.path("Entrypoint"));
    assertThat(entrypoint)
        .startsWith("java")
        .contains("-XX:MaxRAMPercentage=75", "-Djdk.nio.maxCachedBufferSize=262144");
    assertThat(entrypoint).noneMatch(arg -> arg.startsWith("-Xmx"));
    assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo("io.tally.cli.TallyCli");
    String user = c.path("User").asText();
    assertThat(user).isNotBlank().doesNotStartWith("0").isNotEqualTo("root");
    assertThat(c.path("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(c.path("Volumes").has("/var/lib/tally/state")).isTrue();
    assertThat(strings(c.path("Env")))
        .contains(
            "TALLY_METRICS_HOST=0.0.0.0",
            "TALLY_METRICS_PORT=8080",
            "TALLY_STATE_DIR=/var/lib/tally/state");
    JsonNode labels = c.path("Labels");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(System.getProperty("tally.version"));
    assertThat(labels.has("org.opencontainers.image.source")).isTrue();
  }

  @Test
  void theStateVolumeIsWritableByTheImagesUser() throws IOException {
    Path state = rootfs.resolve("var/lib/tally/state");
    assertThat(state).isDirectory();
    assertThat(Files.getPosixFilePermissions(state).toString()).contains("OTHERS_WRITE");
  }

  @Test
  void theImagesJarsStartTallyAndHoldNoBrokerScalaOrPerfTools() throws IOException {
    try (Stream<Path> libs = Files.list(rootfs.resolve("app/libs"))) {
      List<String> jars = libs.map(p -> p.getFileName().toString()).toList();
      assertThat(jars).anyMatch(j -> j.startsWith("kafka-streams-"));
      assertThat(jars)
          .noneMatch(
              j ->
                  j.startsWith("kafka_2.13-")
                      || j.startsWith("scala-")
                      || j.startsWith("kafka-tools-")
                      || j.startsWith("connect-runtime-")
                      || j.startsWith("tally-broker-")
                      || j.startsWith("tally-bench-"));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    List<String> entrypoint = strings(config.path("config").path("Entrypoint"));
    for (String arg : entrypoint.subList(1, entrypoint.size())) {
      // The image's absolute paths, here under the unpacked layers.
      command.add(arg.replace("/app/", rootfs + "/app/"));
    }
    command.add("--version");
    Command.Result version =
        Command.run(tmp, Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(60), command);
    assertThat(version.exitCode()).as(version.describe()).isZero();
    assertThat(version.stdout())
        .contains("tally " + System.getProperty("tally.version"), "Apache Kafka 4.");

    command.set(command.size() - 1, "demo");
    Command.Result demo =
        Command.run(tmp, Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(60), command);
    assertThat(demo.exitCode()).isEqualTo(2);
    assertThat(demo.stderr()).contains("not part of this runtime");
  }

  private static void untar(Path into, String flags, Path tar) {
    Command.Result result =
        Command.run(
            into,
            Map.of("PATH", "/usr/bin:/bin"),
            Duration.ofSeconds(120),
            List.of("tar", flags, tar.toString()));
    assertThat(result.exitCode()).as(result.describe()).isZero();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
