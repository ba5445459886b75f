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

  public static TallyHttpServer.Route ready(BooleanSupplier running, Supplier<String> state) {
    return exchange -> {
      boolean up = running.getAsBoolean();
      String body =
          "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"streams\":\"" + state.get() + "\"}\n";
      return TallyHttpServer.Response.json(up ? 200 : 503, body);
    };
  }
}
