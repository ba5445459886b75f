package io.tally.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads samples from the Prometheus text format (version 0.0.4) as a scraper would, label values
 * unescaped, so tests and the benchmark compare numbers rather than strings. The one reader of
 * {@code /metrics} that Tally's tests and benchmark share.
 */
public final class PrometheusText {
  private PrometheusText() {}

  /** One sample line: {@code name{labels} value}. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String key) {
      return labels.get(key);
    }
  }

  /** Every sample of the text; comments and blank lines skipped. */
  public static List<Sample> parse(String body) {
    List<Sample> samples = new ArrayList<>();
    for (String line : body.split("\n", -1)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(parseLine(line));
      }
    }
    return samples;
  }

  /** The samples named {@code name} whose labels include every entry of {@code labels}. */
  public static List<Sample> find(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /**
   * The values of the samples named {@code name} whose labels include every entry of {@code
   * labels}, by the value of their label {@code key} (samples without it are left out).
   */
  public static Map<String, Double> byLabel(
      String body, String name, String key, Map<String, String> labels) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Sample s : find(parse(body), name, labels)) {
      String value = s.label(key);
      if (value != null) {
        out.put(value, s.value());
      }
    }
    return out;
  }

  /**
   * The lines of the metric families whose names start with {@code prefix}: their {@code # HELP}
   * and {@code # TYPE} lines and their samples.
   */
  public static String familiesStartingWith(String body, String prefix) {
    return body.lines()
            .filter(
                line ->
                    line.startsWith(prefix)
                        || line.startsWith("# HELP " + prefix)
                        || line.startsWith("# TYPE " + prefix))
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  private static Sample parseLine(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq);
        if (line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("label value not quoted: " + line);
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
        }
        labels.put(key, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).trim().split(" ", -1);
    return new Sample(name, labels, number(rest[0]));
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
