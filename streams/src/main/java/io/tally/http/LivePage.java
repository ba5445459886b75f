package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The live page: {@code GET /} and {@code GET /runs/{id}} answer the same small HTML page, which
 * reads only Tally's own JSON API ({@code /api/v1/runs}, {@code /api/v1/figures/{id}/daily}), so
 * every instance serves it and shows the whole application. Its script, style sheet and chart
 * library (uPlot, from its webjar) are served under {@code /assets/} from the classpath: the page
 * needs nothing from the internet.
 */
public final class LivePage {
  /** The page's own path prefix for one run; a run id is one path segment. */
  public static final String RUNS = "/runs/";

  public static final String ASSETS = "/assets/";

  private static final Pattern RUN_ID = Pattern.compile("[^/]{1,512}");
  private static final String WEB = "/io/tally/web/";

  private LivePage() {}

  /**
   * The route for {@code /} (which the JDK also hands every path no other route serves): the page
   * for {@code /} and {@code /runs/{id}}, a plain 404 for anything else.
   */
  public static TallyHttpServer.Route page() {
    byte[] html = resource(WEB + "index.html");
    return exchange -> {
      String path = exchange.getRequestURI().getPath();
      boolean run =
          path.startsWith(RUNS) && RUN_ID.matcher(path.substring(RUNS.length())).matches();
      if (!path.equals("/") && !run) {
        return TallyHttpServer.Response.text(404, "not found: " + path + "\n");
      }
      return new TallyHttpServer.Response(200, "text/html; charset=utf-8", html)
          .withHeader("Cache-Control", "no-cache");
    };
  }

  /** The route for {@code /assets/}: the page's script and style and the chart library. */
  public static TallyHttpServer.Route assets() {
    String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    Map<String, Asset> assets =
        Map.of(
            "tally.js", new Asset("text/javascript; charset=utf-8", resource(WEB + "tally.js")),
            "tally.css", new Asset("text/css; charset=utf-8", resource(WEB + "tally.css")),
            "uPlot.iife.min.js",
                new Asset("text/javascript; charset=utf-8", resource(uplot + "uPlot.iife.min.js")),
            "uPlot.min.css",
                new Asset("text/css; charset=utf-8", resource(uplot + "uPlot.min.css")));
    return (HttpExchange exchange) -> {
      String path = exchange.getRequestURI().getPath();
      Asset asset = assets.get(path.substring(ASSETS.length()));
      if (asset == null) {
        return TallyHttpServer.Response.text(404, "not found: " + path + "\n");
      }
      return new TallyHttpServer.Response(200, asset.contentType(), asset.body())
          .withHeader("Cache-Control", "max-age=300");
    };
  }

  private record Asset(String contentType, byte[] body) {}

  /**
   * The uPlot version on the classpath, as its webjar's Maven metadata says (pinned in the pom).
   */
  static String uplotVersion() {
    Properties pom = new Properties();
    try (InputStream in =
        LivePage.class.getResourceAsStream(
            "/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the uPlot webjar is not on the classpath");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static byte[] resource(String name) {
    try (InputStream in = LivePage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
