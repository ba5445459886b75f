package io.tally.http;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (200 only while Kafka
 * Streams is RUNNING, 503 with its state otherwise, so load balancers and orchestrators wait).
 */
public final class HealthRoutes {
  private HealthRoutes() {}

  public static TallyHttpServer.Route live() {
    return exchange -> TallyHttpServer.Response.json(200, "{\"status\":\"UP\"}\n");
  }

  /** What readiness says: ready or not, Kafka Streams' state, and why not. */
  public record Check(boolean ready, String streams, String reason) {}

  /** 200 while the check says ready, 503 with the reason otherwise. */
  public static TallyHttpServer.Route ready(Supplier<Check> check) {
    return exchange -> {
      Check now = check.get();
      String body =
          "{\"status\":\""
              + (now.ready() ? "UP" : "DOWN")
              + "\",\"streams\":\""
              + now.streams()
              + "\""
              + (now.reason().isEmpty() ? "" : ",\"reason\":\"" + now.reason() + "\"")
              + "}\n";
      return TallyHttpServer.Response.json(now.ready() ? 200 : 503, body);
    };
  }

  public static TallyHttpServer.Route ready(BooleanSupplier running, Supplier<String> state) {
    return exchange -> {
      boolean up = running.getAsBoolean();
      String body =
          "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"streams\":\"" + state.get() + "\"}\n";
      return TallyHttpServer.Response.json(up ? 200 : 503, body);
    };
  }
}
