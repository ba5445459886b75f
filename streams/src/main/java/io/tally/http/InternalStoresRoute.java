package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import io.tally.query.PartitionReader;
import io.tally.query.PeerProtocol;
import io.tally.query.Selection;
import io.tally.query.StoreSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/internal/stores/{store}?partitions=0,3[&key=K|&prefix=P]}: what another
 * instance asks this one for (see {@link PeerProtocol}): the values of the named partitions, read
 * from this instance's active tasks only. A partition that is not active and running here is a 503,
 * so the asking instance never merges a stale copy.
 */
public final class InternalStoresRoute implements TallyHttpServer.Route {
  private final PartitionReader local;

  public InternalStoresRoute(PartitionReader local) {
    this.local = local;
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) {
    String prefix = PeerProtocol.PATH.substring(0, PeerProtocol.PATH.length() - 1);
    List<String> segments = RequestPath.segments(exchange, prefix);
    if (segments.size() != 1) {
      throw ApiError.notFound("name a store: " + PeerProtocol.PATH + "{store}");
    }
    StoreSpec<?> store =
        StoreSpec.named(segments.get(0))
            .orElseThrow(() -> ApiError.notFound("no queryable store " + segments.get(0)));
    QueryParams params =
        QueryParams.parse(exchange, PeerProtocol.PARTITIONS, PeerProtocol.KEY, PeerProtocol.PREFIX);
    Set<Integer> partitions =
        partitions(
            params
                .get(PeerProtocol.PARTITIONS)
                .orElseThrow(() -> ApiError.badRequest("parameter partitions is required")));
    Optional<String> key = params.get(PeerProtocol.KEY);
    Optional<String> keyPrefix = params.get(PeerProtocol.PREFIX);
    if (key.isPresent() && keyPrefix.isPresent()) {
      throw ApiError.badRequest("give key or prefix, not both");
    }
    Selection selection =
        key.<Selection>map(Selection.Key::new)
            .or(() -> keyPrefix.map(Selection.Prefix::new))
            .orElse(Selection.all());
    return new TallyHttpServer.Response(
        200, PeerProtocol.CONTENT_TYPE, read(store, partitions, selection));
  }

  private <V> byte[] read(StoreSpec<V> store, Set<Integer> partitions, Selection selection) {
    return PeerProtocol.encode(store, local.read(store, partitions, selection));
  }

  static Set<Integer> partitions(String list) {
    Set<Integer> partitions = new TreeSet<>();
    for (String item : list.split(",", -1)) {
      try {
        int partition = Integer.parseInt(item.strip());
        if (partition < 0) {
          throw new NumberFormatException("negative");
        }
        partitions.add(partition);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest(
            "partitions must be a comma-separated list of partition numbers: " + list);
      }
    }
    return partitions;
  }
}
