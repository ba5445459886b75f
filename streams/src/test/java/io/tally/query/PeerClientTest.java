package io.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.avro.MetricTotal;
import io.tally.http.Api;
import io.tally.http.InternalStoresRoute;
import io.tally.http.TallyHttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One instance reading another's partitions: {@link PeerClient} against {@link InternalStoresRoute}
 * on a real HTTP server, the owner's store faked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerClientTest {
  private static final MetricTotal ORDERS = TestTotals.metric("s", "助农", "orders", 20);
  private static final MetricTotal TREES = TestTotals.metric("s", "green", "trees", 10);

  private final List<String> asked = new ArrayList<>();
  private final PeerClient client = new PeerClient(Duration.ofSeconds(1), Duration.ofSeconds(2));
  private TallyHttpServer server;
  private HostInfo owner;

  /** Partition 3 is active here and holds both; any other partition is not. */
  private final PartitionReader store =
      new PartitionReader() {
        @Override
        @SuppressWarnings("unchecked")
        public <V> List<V> read(StoreSpec<V> spec, Set<Integer> partitions, Selection selection) {
          asked.add(spec.name() + " " + partitions + " " + selection);
          if (!partitions.equals(Set.of(3))) {
            throw new UnavailableException("partition moved away");
          }
          List<MetricTotal> all = List.of(ORDERS, TREES);
          if (selection instanceof Selection.Key k) {
            return (List<V>) all.stream().filter(t -> TestTotals.key(t).equals(k.key())).toList();
          }
          return (List<V>) all;
        }
      };

  @BeforeAll
  void start() throws IOException {
    server =
        TallyHttpServer.start(
            "127.0.0.1", 0, Map.of(PeerProtocol.PATH, Api.guarded(new InternalStoresRoute(store))));
    owner = new HostInfo("127.0.0.1", server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void readsEveryValueOfThePartitionsExactly() {
    List<MetricTotal> read =
        client.at(owner).read(StoreSpec.METRIC_TOTALS, Set.of(3), Selection.all());
    assertThat(read).containsExactly(ORDERS, TREES);
  }

  @Test
  void passesKeysWithAnyCharacterThrough() {
    String key = TestTotals.key(ORDERS);
    List<MetricTotal> read =
        client.at(owner).read(StoreSpec.METRIC_TOTALS, Set.of(3), new Selection.Key(key));
    assertThat(read).containsExactly(ORDERS);
    assertThat(asked).contains("tally-metric-totals [3] Key[key=s/助农/orders]");
  }

  @Test
  void aPartitionThatMovedIsUnavailableNotEmpty() {
    assertThatThrownBy(
            () -> client.at(owner).read(StoreSpec.METRIC_TOTALS, Set.of(1, 3), Selection.all()))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining("partition moved away");
  }

  @Test
  void anInstanceThatIsGoneIsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HostInfo gone = new HostInfo("127.0.0.1", closedPort);
    assertThatThrownBy(
            () -> client.at(gone).read(StoreSpec.METRIC_TOTALS, Set.of(3), Selection.all()))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("does not answer");
  }

  @Test
  void badRequestsAreRefused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port() + PeerProtocol.PATH;
    assertThat(status(http, base + "tally-metric-totals")).isEqualTo(400);
    assertThat(status(http, base + "tally-metric-totals?partitions=x")).isEqualTo(400);
    assertThat(status(http, base + "tally-metric-totals?partitions=1&key=a&prefix=b"))
        .isEqualTo(400);
    assertThat(status(http, base + "no-such-store?partitions=1")).isEqualTo(404);
  }

  @Test
  void framesRoundTripAndRefuseTruncation() {
    byte[] body = PeerProtocol.encode(StoreSpec.METRIC_TOTALS, List.of(ORDERS, TREES));
    assertThat(PeerProtocol.decode(StoreSpec.METRIC_TOTALS, body)).containsExactly(ORDERS, TREES);
    byte[] cut = Arrays.copyOf(body, body.length - 3);
    assertThatThrownBy(() -> PeerProtocol.decode(StoreSpec.METRIC_TOTALS, cut))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int status(HttpClient http, String uri) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
