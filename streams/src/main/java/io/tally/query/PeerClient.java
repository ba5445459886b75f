package io.tally.query;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Reads partitions from another instance over {@link PeerProtocol}, with the JDK's HTTP client and
 * bounded connect and request times. Anything but a well-formed 200 (a refused connection, a
 * timeout, a 503 because the partition moved, an undecodable body) is an {@link
 * UnavailableException}: the caller answers "retry", never a number it could not check.
 */
public final class PeerClient {
  private final HttpClient http;
  private final Duration requestTimeout;

  public PeerClient(Duration connectTimeout, Duration requestTimeout) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.requestTimeout = requestTimeout;
  }

  /** A reader of the partitions that {@code peer} holds. */
  public PartitionReader at(HostInfo peer) {
    return new PartitionReader() {
      @Override
      public <V> List<V> read(StoreSpec<V> store, Set<Integer> partitions, Selection selection) {
        return fetch(peer, store, partitions, selection);
      }
    };
  }

  private <V> List<V> fetch(
      HostInfo peer, StoreSpec<V> store, Set<Integer> partitions, Selection selection) {
    URI uri = uri(peer, store, partitions, selection);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", PeerProtocol.CONTENT_TYPE)
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UnavailableException(
          "instance " + peer + " does not answer (" + e + "); it may have left the group", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while asking instance " + peer, e);
    }
    if (response.statusCode() != 200) {
      throw new UnavailableException(
          "instance "
              + peer
              + " cannot serve partitions "
              + partitions
              + " of "
              + store.name()
              + " (HTTP "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8).strip()
              + ")");
    }
    try {
      return PeerProtocol.decode(store, response.body());
    } catch (IllegalArgumentException | SerializationException e) {
      throw new UnavailableException(
          "instance " + peer + " sent unreadable records of " + store.name() + ": " + e, e);
    }
  }

  static URI uri(HostInfo peer, StoreSpec<?> store, Set<Integer> partitions, Selection selection) {
    String host = peer.host().contains(":") ? "[" + peer.host() + "]" : peer.host();
    String list =
        new TreeSet<>(partitions).stream().map(String::valueOf).collect(Collectors.joining(","));
    StringBuilder query = new StringBuilder(PeerProtocol.PARTITIONS).append('=').append(list);
    if (selection instanceof Selection.Key k) {
      query.append('&').append(PeerProtocol.KEY).append('=').append(encode(k.key()));
    } else if (selection instanceof Selection.Prefix p) {
      query.append('&').append(PeerProtocol.PREFIX).append('=').append(encode(p.prefix()));
    }
    return URI.create(
        "http://"
            + host
            + ":"
            + peer.port()
            + PeerProtocol.PATH
            + encode(store.name())
            + "?"
            + query);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
