package io.tally.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the Chrome DevTools Protocol
 * with the JDK's own HTTP and WebSocket clients: open a page, evaluate JavaScript in it, take a
 * screenshot. One page per instance; {@link #close()} ends the browser.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The browser binary: {@code TALLY_CHROMIUM} or Debian's {@code /usr/bin/chromium}. */
  static Optional<Path> binary() {
    String configured = System.getenv("TALLY_CHROMIUM");
    Path path = Path.of(configured == null ? "/usr/bin/chromium" : configured);
    return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }

  /** Starts the browser with a fresh profile in {@code dir} and a window of the given size. */
  static Chromium start(Path binary, Path dir, int width, int height)
      throws IOException, InterruptedException {
    Path profile = Files.createDirectories(dir.resolve("profile"));
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    try {
      // Chromium writes the port it chose into the profile once DevTools listens.
      Path portFile = profile.resolve("DevToolsActivePort");
      List<String> lines =
          Await.until(
              "Chromium listening",
              Duration.ofSeconds(30),
              () -> linesOf(portFile),
              l -> l.size() >= 2 || !process.isAlive(),
              l -> "no DevToolsActivePort");
      if (lines.size() < 2) {
        throw new IllegalStateException(
            "Chromium did not start: " + Files.readString(dir.resolve("chromium.log")));
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String devtools = "http://127.0.0.1:" + lines.get(0).strip();
      JsonNode targets =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create(devtools + "/json/list")).GET().build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      String page = null;
      for (JsonNode target : targets) {
        if (target.path("type").asText().equals("page")) {
          page = target.path("webSocketDebuggerUrl").asText();
        }
      }
      if (page == null) {
        throw new IllegalStateException("Chromium has no page: " + targets);
      }
      Listener listener = new Listener();
      WebSocket socket =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(page), listener)
              .get(30, TimeUnit.SECONDS);
      Chromium chromium = new Chromium(process, socket);
      listener.owner = chromium;
      chromium.send("Page.enable", JSON.createObjectNode());
      return chromium;
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("cannot reach Chromium's DevTools", e);
    }
  }

  /** Opens the URL in the page (the page's scripts then run on their own). */
  void navigate(String url) {
    send("Page.navigate", JSON.createObjectNode().put("url", url));
  }

  /** The value of a JavaScript expression in the page (awaited if it is a promise). */
  JsonNode evaluate(String expression) {
    JsonNode result =
        send(
            "Runtime.evaluate",
            JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(
          "JavaScript failed: " + expression + ": " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Sets the viewport (CSS pixels) as a phone or a desktop window would have it. */
  void viewport(int width, int height, boolean mobile) {
    send(
        "Emulation.setDeviceMetricsOverride",
        JSON.createObjectNode()
            .put("width", width)
            .put("height", height)
            .put("deviceScaleFactor", 1)
            .put("mobile", mobile));
  }

  /** A PNG of the whole page (beyond the viewport). */
  void screenshot(Path file) throws IOException {
    JsonNode shot =
        send(
            "Page.captureScreenshot",
            JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  private JsonNode send(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    try {
      socket.sendText(message.toString(), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + " failed: " + reply.path("error"));
      }
      return reply.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException(method + " failed", e);
    } finally {
      pending.remove(id);
    }
  }

  @Override
  public void close() {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Collects each message (a screenshot spans many frames) and answers the command waiting. */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private volatile Chromium owner;

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          if (message.has("id") && owner != null) {
            CompletableFuture<JsonNode> answer = owner.pending.get(message.path("id").asInt());
            if (answer != null) {
              answer.complete(message);
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException("DevTools sent something that is not JSON", e);
        } finally {
          text.setLength(0);
        }
      }
      socket.request(1);
      return null;
    }
  }

  private static List<String> linesOf(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }
}
