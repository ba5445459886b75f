package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.scenario.ScenarioLoader;
import io.tally.serde.EventIds;
import io.tally.serde.TallySerdes;
import io.tally.testkit.Await;
import io.tally.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, item 7: Tally against a broker that wants TLS and SASL/SCRAM, as a managed cluster does.
 * The broker gets a {@code SASL_SSL} listener (SCRAM-SHA-256 over TLS, with a PKCS12 key store made
 * by {@code keytool}) beside the usual PLAINTEXT and controller listeners, which only the test
 * itself uses (to create the SCRAM user and to check what arrived). Then, as child JVMs started the
 * way a user starts them:
 *
 * <ul>
 *   <li>{@code tally streams} and {@code tally replay} with the usual client properties in a {@code
 *       --kafka-config} file work: the events arrive and every figure reconciles exactly;
 *   <li>{@code tally replay} with a wrong password exits with code 2 and one clear line about
 *       authentication, no stack trace, within a bounded time;
 *   <li>neither the password nor the trust store's password appears in any command's output (stdout
 *       and the logs on stderr), and the printed configuration shows them as {@code [hidden]}.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {
  private static final String USER = "tally-app";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern RUNNING =
      Pattern.compile("running: metrics on http://[^:]+:(\\d+)/metrics");

  private final String password = "scram-" + UUID.randomUUID();
  private final String wrongPassword = "wrong-" + UUID.randomUUID();
  private final String storePassword = "store-" + UUID.randomUUID();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Path tmp;
  private EmbeddedKafkaBroker broker;
  private String secureBootstrap;
  private Path clientConfig;
  private Path wrongClientConfig;

  @BeforeAll
  void startSecureBroker(@TempDir Path dir) throws Exception {
    tmp = dir;
    Path keyStore = tmp.resolve("broker.p12");
    Path trustStore = tmp.resolve("truststore.p12");
    TlsStores.create(keyStore, trustStore, storePassword, tmp);

    int[] ports = freePorts(3);
    String plaintext = "PLAINTEXT://127.0.0.1:" + ports[0];
    String controller = "CONTROLLER://127.0.0.1:" + ports[1];
    String secure = "SASL_SSL://127.0.0.1:" + ports[2];
    secureBootstrap = "127.0.0.1:" + ports[2];
    String prefix = "listener.name.sasl_ssl.";
    Map<String, String> security = new LinkedHashMap<>();
    security.put("listeners", plaintext + "," + controller + "," + secure);
    security.put("advertised.listeners", plaintext + "," + controller + "," + secure);
    security.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
    security.put("sasl.enabled.mechanisms", "SCRAM-SHA-256");
    security.put(
        prefix + "scram-sha-256.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    security.put(prefix + "ssl.keystore.location", keyStore.toString());
    security.put(prefix + "ssl.keystore.type", "PKCS12");
    security.put(prefix + "ssl.keystore.password", storePassword);
    security.put(prefix + "ssl.key.password", storePassword);
    broker =
        EmbeddedKafkaBroker.start(
            BrokerOptions.defaults()
                .withPort(ports[0])
                .withControllerPort(ports[1])
                .withDefaultPartitions(6)
                .withExtraProperties(security));

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    clientConfig = clientConfig("client.properties", trustStore, password);
    wrongClientConfig = clientConfig("wrong.properties", trustStore, wrongPassword);
    awaitSecureListenerAcceptsTheUser();
  }

  @AfterAll
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void replayAndStreamsWorkOverSaslSslAndNeverShowTheSecrets() throws Exception {
    Expander expander =
        new Expander(ScenarioLoader.load("double11-2022"), ExpansionOptions.defaults());
    Path streamsLog = tmp.resolve("streams.log");
    Process streams =
        start(
            streamsLog,
            "streams",
            "--bootstrap-servers",
            secureBootstrap,
            "--kafka-config",
            clientConfig.toString(),
            "--application-id",
            "tally-security-it",
            "--state-dir",
            tmp.resolve("state").toString(),
            "--metrics-host",
            "127.0.0.1",
            "--metrics-port",
            "0",
            "--advertised-host",
            "127.0.0.1",
            "--replication-factor",
            "1",
            // A PASSWORD-typed setting the list of names used to miss, and a name Kafka does not
            // know that holds a credential: neither may be printed.
            "-K",
            "sasl.oauthbearer.assertion.private.key.passphrase=" + password,
            "-K",
            "basic.auth.user.info=tally:" + password);
    String streamsOutput;
    try {
      int port = awaitPort(streams, streamsLog);

      Finished replay =
          run(
              "replay",
              "--bootstrap-servers",
              secureBootstrap,
              "--kafka-config",
              clientConfig.toString());

      assertThat(replay.code()).as("replay exit code; stderr:%n%s", replay.err()).isZero();
      assertThat(replay.out()).contains(expander.runId());
      assertThat(replay.err())
          .contains("kafka.security.protocol = SASL_SSL")
          .contains("kafka.sasl.mechanism = SCRAM-SHA-256")
          .contains("kafka.sasl.jaas.config = [hidden]")
          .contains("kafka.ssl.truststore.password = [hidden]");
      assertNoSecret("tally replay", replay.out() + replay.err());
      assertThat(eventIds())
          .as("events on %s", Topics.FIGURE_EVENTS)
          .hasSize((int) expander.eventCount());

      String reconciliation = awaitAllExact(port);
      assertThat(reconciliation).contains("\"allExact\" : true");
    } finally {
      streams.destroy(); // SIGTERM: the command's shutdown hook closes Kafka Streams
      if (!streams.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        streams.destroyForcibly();
      }
      streamsOutput = Files.readString(streamsLog, StandardCharsets.UTF_8);
    }
    assertThat(streamsOutput)
        .contains("kafka.security.protocol = SASL_SSL")
        .contains("kafka.sasl.jaas.config = [hidden]")
        .contains("kafka.ssl.truststore.password = [hidden]")
        .contains("kafka.sasl.oauthbearer.assertion.private.key.passphrase = [hidden]")
        .contains("kafka.basic.auth.user.info = [hidden]");
    assertNoSecret("tally streams", streamsOutput);
  }

  @Test
  void aWrongPasswordFailsTheReplayWithOneClearLineAndExitCode2() throws Exception {
    // No client timeouts set: a refused login must end the command at the defaults too (the
    // child is given COMMAND_TIMEOUT before it counts as hanging).
    Finished replay =
        run(
            "replay",
            "--bootstrap-servers",
            secureBootstrap,
            "--kafka-config",
            wrongClientConfig.toString());

    assertThat(replay.code()).as("exit code; stderr:%n%s", replay.err()).isEqualTo(2);
    List<String> errors = replay.err().lines().filter(l -> l.startsWith("tally replay: ")).toList();
    assertThat(errors).as("the error line in%n%s", replay.err()).hasSize(1);
    assertThat(errors.get(0)).containsIgnoringCase("authentication");
    System.out.println("a wrong password, exit code 2: " + errors.get(0));
    assertThat(replay.err()).doesNotContain("\tat ", "Caused by");
    assertThat(replay.out()).isEmpty();
    assertNoSecret("tally replay with a wrong password", replay.out() + replay.err());
  }

  @Test
  void aBrokerCertificateTheClientDoesNotTrustFailsTheReplayWithOneClearLine() throws Exception {
    // The right password, but no trust store: the JDK's default CAs do not know the broker's
    // self-signed certificate.
    Properties props = load(clientConfig);
    props.remove("ssl.truststore.location");
    props.remove("ssl.truststore.type");
    props.remove("ssl.truststore.password");
    Path untrusting = tmp.resolve("untrusting.properties");
    try (OutputStream out = Files.newOutputStream(untrusting)) {
      props.store(out, "no trust store");
    }

    Finished replay =
        run(
            "replay",
            "--bootstrap-servers",
            secureBootstrap,
            "--kafka-config",
            untrusting.toString());

    assertThat(replay.code()).as("exit code; stderr:%n%s", replay.err()).isEqualTo(2);
    List<String> errors = replay.err().lines().filter(l -> l.startsWith("tally replay: ")).toList();
    assertThat(errors).as("the error line in%n%s", replay.err()).hasSize(1);
    assertThat(errors.get(0))
        .containsIgnoringCase("SSL handshake failed")
        .as("the reason, from the root cause")
        .contains("certification path");
    assertThat(replay.err()).doesNotContain("\tat ", "Caused by");
    assertNoSecret("tally replay without a trust store", replay.out() + replay.err());
    System.out.println("an untrusted certificate, exit code 2: " + errors.get(0));
  }

  // --- checks -------------------------------------------------------------------------------

  private void assertNoSecret(String what, String output) {
    assertThat(output)
        .as("output of %s", what)
        .doesNotContain(password)
        .doesNotContain(wrongPassword)
        .doesNotContain(storePassword);
  }

  /** The event ids on the event topic, read through the test's own PLAINTEXT listener. */
  private Set<String> eventIds() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.FIGURE_EVENTS).stream()
              .map(p -> new TopicPartition(Topics.FIGURE_EVENTS, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
        assertThat(System.nanoTime()).as("reading the event topic").isLessThan(deadline);
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          ids.add(
              EventIds.text(
                  TallySerdes.observation()
                      .deserialize(Topics.FIGURE_EVENTS, r.value())
                      .getEventId()));
        }
      }
    }
    return ids;
  }

  private String awaitAllExact(int port) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/reconciliation"))
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> answer =
        Await.until(
            "every figure reconciled",
            Duration.ofSeconds(90),
            () -> send(request),
            r -> r.statusCode() == 200 && r.body().contains("\"allExact\" : true"),
            r -> r.statusCode() + " " + r.body());
    return answer.body();
  }

  // --- set-up -------------------------------------------------------------------------------

  private Path clientConfig(String name, Path trustStore, String secret) throws IOException {
    Properties props = new Properties();
    props.setProperty("security.protocol", "SASL_SSL");
    props.setProperty("sasl.mechanism", "SCRAM-SHA-256");
    props.setProperty(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + USER
            + "\" password=\""
            + secret
            + "\";");
    props.setProperty("ssl.truststore.location", trustStore.toString());
    props.setProperty("ssl.truststore.type", "PKCS12");
    props.setProperty("ssl.truststore.password", storePassword);
    Path file = tmp.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "Kafka client settings for the SASL_SSL listener");
    }
    return file;
  }

  private static Properties load(Path file) throws IOException {
    Properties props = new Properties();
    try (var in = Files.newInputStream(file)) {
      props.load(in);
    }
    return props;
  }

  /** SCRAM credentials reach the broker through the metadata log: wait until they have. */
  private void awaitSecureListenerAcceptsTheUser() throws Exception {
    Map<String, Object> config = new LinkedHashMap<>();
    load(clientConfig).forEach((k, v) -> config.put((String) k, v));
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, secureBootstrap);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    Await.until(
        "the SASL_SSL listener accepting " + USER,
        Duration.ofSeconds(60),
        () -> {
          try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
            return Optional.<Exception>empty();
          } catch (Exception e) {
            return Optional.of(e);
          }
        },
        Optional::isEmpty,
        failure -> failure.map(Exception::toString).orElse("accepted"));
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  // --- child JVMs ---------------------------------------------------------------------------

  record Finished(int code, String out, String err) {}

  /** Runs a {@code tally} command in a child JVM and waits for it, within a bound. */
  private Finished run(String... args) throws Exception {
    Path err = Files.createTempFile(tmp, "command-", ".err");
    Path out = Files.createTempFile(tmp, "command-", ".out");
    Process process =
        command(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(
          "tally "
              + String.join(" ", args)
              + " did not finish within "
              + COMMAND_TIMEOUT
              + "; stderr:\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Finished(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Starts a long-running {@code tally} command in a child JVM, stdout and stderr to a file. */
  private Process start(Path log, String... args) throws IOException {
    return command(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private ProcessBuilder command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    // The test class path has logback-test.xml; commands should log as they do for users.
    command.add("-Dlogback.configurationFile=logback.xml");
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.tally.cli.TallyCli");
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static int awaitPort(Process process, Path log) throws Exception {
    String text =
        Await.until(
            "tally streams running",
            COMMAND_TIMEOUT,
            () -> read(log),
            t -> RUNNING.matcher(t).find() || !process.isAlive(),
            t -> t);
    Matcher m = RUNNING.matcher(text);
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    throw new AssertionError(
        "tally streams exited with " + process.exitValue() + " before running:\n" + text);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Test fixture: a self-signed broker certificate for 127.0.0.1 in a PKCS12 key store, and a
   * PKCS12 trust store holding it, made with the JDK's {@code keytool} as an operator would.
   */
  private static final class TlsStores {
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private TlsStores() {}

    static void create(Path keyStore, Path trustStore, String password, Path workDir)
        throws IOException, InterruptedException {
      Path certificate = workDir.resolve("broker.pem");
      keytool(
          workDir,
          "-genkeypair",
          "-alias",
          "broker",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-validity",
          "2",
          "-dname",
          "CN=127.0.0.1, O=Tally tests",
          "-ext",
          "SAN=IP:127.0.0.1,DNS:localhost",
          "-storetype",
          "PKCS12",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          password,
          "-keypass",
          password);
      keytool(
          workDir,
          "-exportcert",
          "-rfc",
          "-alias",
          "broker",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          password,
          "-file",
          certificate.toString());
      keytool(
          workDir,
          "-importcert",
          "-noprompt",
          "-alias",
          "broker",
          "-file",
          certificate.toString(),
          "-storetype",
          "PKCS12",
          "-keystore",
          trustStore.toString(),
          "-storepass",
          password);
    }

    private static void keytool(Path workDir, String... args)
        throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      command.add("-J-Xmx64m");
      command.addAll(List.of(args));
      Path output = Files.createTempFile(workDir, "keytool-", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish in time");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool "
                + args[0]
                + " exited with "
                + process.exitValue()
                + ":\n"
                + Files.readString(output, StandardCharsets.UTF_8));
      }
    }
  }
}
