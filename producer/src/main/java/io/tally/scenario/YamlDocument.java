package io.tally.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A parsed YAML file together with the line of every field, so that validation can point an author
 * at the exact line. Jackson's tree model forgets locations; a second pass over the token stream
 * records them by JSON pointer.
 */
final class YamlDocument {
  /**
   * SnakeYAML refuses documents over 3 MiB by default; a scenario of 10,000 figures (as {@code
   * tally scenario generate} writes for benchmarks) is about 4.4 MB.
   */
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    return options;
  }

  private final JsonNode root;
  private final Map<String, Integer> lines;

  private YamlDocument(JsonNode root, Map<String, Integer> lines) {
    this.root = root;
    this.lines = lines;
  }

  /**
   * @throws JsonProcessingException on YAML syntax errors (with a location)
   */
  static YamlDocument parse(String text) throws IOException {
    JsonNode root = MAPPER.readTree(text);
    return new YamlDocument(root, indexLines(text));
  }

  private static Map<String, Integer> indexLines(String text) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        int line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.FIELD_NAME) {
          lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(), line);
        } else if (token.isStructStart() || token.isScalarValue()) {
          var context = token.isStructStart() ? parser.getParsingContext().getParent() : null;
          String pointer =
              context == null
                  ? parser.getParsingContext().pathAsPointer().toString()
                  : context.pathAsPointer().toString();
          lines.putIfAbsent(pointer, line);
        }
      }
    }
    return lines;
  }

  JsonNode root() {
    return root;
  }

  /** The line of the field at this JSON pointer, or of its nearest located parent. */
  int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 0;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }
}
