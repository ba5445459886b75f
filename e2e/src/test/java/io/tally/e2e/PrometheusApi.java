package io.tally.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The few calls of Prometheus' HTTP API the end-to-end test needs, over the JDK's HttpClient. */
final class PrometheusApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  PrometheusApi(URI base) {
    this.base = base;
  }

  /** One sample of an instant query's vector result. */
  record Sample(Map<String, String> labels, String value) {
    double asDouble() {
      return Double.parseDouble(value);
    }

    String label(String name) {
      return labels.get(name);
    }
  }

  /** {@code GET /-/ready} answers 200. */
  boolean ready() {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(base.resolve("/-/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Evaluates an instant query now ({@code POST /api/v1/query}).
   *
   * @return the samples of a vector result; a scalar result as one sample without labels
   * @throws IllegalStateException if Prometheus refuses the expression
   */
  List<Sample> query(String expr) {
    JsonNode data =
        post("/api/v1/query", "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8), expr);
    List<Sample> samples = new ArrayList<>();
    String type = data.path("resultType").asText();
    if ("scalar".equals(type)) {
      samples.add(new Sample(Map.of(), data.path("result").get(1).asText()));
      return samples;
    }
    if (!"vector".equals(type)) {
      throw new IllegalStateException(expr + ": unexpected result type " + type);
    }
    for (JsonNode sample : data.path("result")) {
      Map<String, String> labels = new TreeMap<>();
      for (Map.Entry<String, JsonNode> label : sample.path("metric").properties()) {
        labels.put(label.getKey(), label.getValue().asText());
      }
      samples.add(new Sample(labels, sample.path("value").get(1).asText()));
    }
    return samples;
  }

  /** {@code GET /api/v1/rules}: the rule groups as Prometheus loaded and last evaluated them. */
  JsonNode rules() {
    return get("/api/v1/rules").path("groups");
  }

  /** {@code GET /api/v1/label/__name__/values}: every metric name in the TSDB. */
  List<String> metricNames() {
    List<String> names = new ArrayList<>();
    get("/api/v1/label/__name__/values").forEach(n -> names.add(n.asText()));
    return names;
  }

  /** {@code GET /api/v1/targets}: the active targets. */
  JsonNode activeTargets() {
    return get("/api/v1/targets?state=active").path("activeTargets");
  }

  private JsonNode get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
  }

  private JsonNode post(String path, String form, String what) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)),
        what);
  }

  private JsonNode send(HttpRequest.Builder request, String what) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(15)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode body = JSON.readTree(response.body());
      if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
        throw new IllegalStateException(
            what + ": Prometheus answered " + response.statusCode() + ": " + response.body());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new IllegalStateException(what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    }
  }
}
