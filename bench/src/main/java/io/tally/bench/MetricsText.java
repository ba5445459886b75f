package io.tally.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of the Prometheus text format to read samples back from {@code /metrics}. */
final class MetricsText {
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private MetricsText() {}

  /**
   * The samples of {@code name}, by the value of label {@code key}, for the samples whose labels
   * contain {@code labelText}.
   */
  static Map<String, Double> byLabel(String text, String name, String key, String labelText) {
    Map<String, Double> out = new HashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith(name + "{") && line.contains(labelText)) {
        String labels = line.substring(name.length() + 1, line.lastIndexOf('}'));
        Matcher m = LABEL.matcher(labels);
        while (m.find()) {
          if (m.group(1).equals(key)) {
            out.put(m.group(2), value(line));
          }
        }
      }
    }
    return out;
  }

  private static double value(String line) {
    String rest = line.substring(line.lastIndexOf('}') + 1).trim();
    int space = rest.indexOf(' ');
    return Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
  }
}
