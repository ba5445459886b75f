package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout's {@code ./tally} launcher, in a scratch checkout whose {@code mvnw} is a stand-in
 * that records each build and makes a release layout: it builds once, again only when Tally's own
 * sources change (not for a user's files, not for a touched file), and a failed build replaces
 * nothing.
 */
class LauncherIT {
  private static final String FAKE_MVNW =
      """
      #!/usr/bin/env bash
      root="$(cd "$(dirname "$0")" && pwd)"
      echo "$*" >> "$root/builds.log"
      if [[ -f "$root/fail" ]]; then echo "[ERROR] compilation failed"; exit 1; fi
      release="$root/dist/target/tally-9.9"
      rm -rf "$release" && mkdir -p "$release/bin" "$release/lib"
      printf '#!/usr/bin/env bash\\necho "ran $*"\\n' > "$release/bin/tally"
      chmod +x "$release/bin/tally"
      """;

  @TempDir Path repo;
  private Path source;

  @BeforeEach
  void checkout() throws IOException {
    Path root = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    Files.copy(root.resolve("tally"), repo.resolve("tally"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(repo.resolve("mvnw"), FAKE_MVNW);
    assertThat(repo.resolve("mvnw").toFile().setExecutable(true)).isTrue();
    Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
    Files.createDirectories(repo.resolve("app/src/main/java"));
    Files.writeString(repo.resolve("app/pom.xml"), "<project/>\n");
    source = repo.resolve("app/src/main/java/A.java");
    Files.writeString(source, "class A {}\n");
  }

  private Command.Result tally(String... args) {
    return Command.run(
        repo,
        Map.of("PATH", "/usr/bin:/bin", "HOME", repo.toString()),
        Duration.ofSeconds(60),
        Stream.concat(Stream.of("./tally"), Stream.of(args)).toList());
  }

  private long builds() throws IOException {
    Path log = repo.resolve("builds.log");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  private List<Path> releases() throws IOException {
    try (Stream<Path> dirs = Files.list(repo.resolve("target/run"))) {
      return dirs.sorted().toList();
    }
  }

  @Test
  void buildsOnceThenOnlyWhenTallysSourcesChange() throws IOException {
    Command.Result first = tally("--version");
    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(first.stdout()).isEqualTo("ran --version\n");
    assertThat(first.stderr()).contains("tally: building");
    assertThat(builds()).isEqualTo(1);
    assertThat(Files.readString(repo.resolve("builds.log"))).contains("package -pl dist -am");

    assertThat(tally("demo").stdout()).isEqualTo("ran demo\n");
    // A user's files in the checkout, and a touched but unchanged source, are not a reason.
    Files.writeString(repo.resolve("my-report.yaml"), "scenario: mine\n");
    Files.writeString(repo.resolve("client.properties"), "security.protocol=SSL\n");
    Files.writeString(repo.resolve("notes.txt"), "todo\n");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
    Command.Result again = tally("scenario", "validate", "my-report.yaml");
    assertThat(again.stdout()).isEqualTo("ran scenario validate my-report.yaml\n");
    assertThat(again.stderr()).doesNotContain("building");
    assertThat(builds()).isEqualTo(1);

    Files.writeString(source, "class A { int changed; }\n");
    assertThat(tally("--help").exitCode()).isZero();
    assertThat(builds()).isEqualTo(2);
    assertThat(releases()).hasSize(2);
  }

  @Test
  void aFailedBuildReplacesNothing() throws IOException {
    assertThat(tally("--version").exitCode()).isZero();
    List<Path> before = releases();

    Files.writeString(source, "class A { broken");
    Files.writeString(repo.resolve("fail"), "");
    Command.Result failed = tally("--version");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stderr())
        .contains("compilation failed", "build failed", "nothing was replaced");
    assertThat(releases()).as("no half-made release left behind").isEqualTo(before);
    assertThat(before.get(0).resolve("bin/tally")).isExecutable();

    // Back to the sources of the release that exists: it runs again without a build.
    Files.delete(repo.resolve("fail"));
    Files.writeString(source, "class A {}\n");
    Command.Result back = tally("--version");
    assertThat(back.stdout()).isEqualTo("ran --version\n");
    assertThat(builds()).isEqualTo(2);
  }
}
