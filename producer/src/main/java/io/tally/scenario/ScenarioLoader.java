package io.tally.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads scenarios from files or, by name, from the scenarios bundled in this jar. Every refusal is
 * a {@link ScenarioException} whose problems name the file, the line and the field.
 */
public final class ScenarioLoader {
  private static final String BUNDLED_DIR = "/scenarios/";
  // YAML's .nan and .inf are numbers to YAML but have no exact decimal: say so plainly.
  private static final Pattern NON_FINITE =
      Pattern.compile("Malformed numeric value '([-+]?\\.(?i:nan|inf))'");
  // SnakeYAML's " in 'reader', line 7, column 10:" and the caret under its source snippet.
  private static final Pattern POSITION = Pattern.compile("in '[^']*', line \\d+, column \\d+:?");
  private static final Pattern LINE_KEY = Pattern.compile("[\\s-]*([A-Za-z][A-Za-z0-9_]*):");
  private static final Pattern CARET = Pattern.compile("\\s*\\^\\s*");

  private ScenarioLoader() {}

  /** A file path if one exists there, otherwise the name of a bundled scenario. */
  public static Scenario load(String nameOrFile) throws ScenarioException {
    Path path = Path.of(nameOrFile);
    if (Files.exists(path) || looksLikePath(nameOrFile)) {
      return loadFile(path);
    }
    if (bundledNames().contains(nameOrFile)) {
      return loadBundled(nameOrFile);
    }
    throw new ScenarioException(
        new Problem(
            nameOrFile,
            0,
            "",
            "no such file, and no bundled scenario by that name (bundled: "
                + String.join(", ", bundledNames())
                + ")"));
  }

  private static boolean looksLikePath(String text) {
    return text.contains("/") || text.endsWith(".yaml") || text.endsWith(".yml");
  }

  public static Scenario loadFile(Path path) throws ScenarioException {
    String file = path.toString();
    if (Files.isDirectory(path)) {
      throw new ScenarioException(new Problem(file, 0, "", "is a directory, not a scenario file"));
    }
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      // A device, FIFO or socket: never opened, since reading it may never end.
      throw new ScenarioException(
          new Problem(file, 0, "", "not a regular file (a device, FIFO or socket?), not read"));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      if (Files.size(path) > ScenarioLimits.MAX_FILE_BYTES) {
        throw new ScenarioException(tooLarge(file));
      }
      // Bounded even if the file grows while it is read.
      bytes = in.readNBytes(ScenarioLimits.MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new ScenarioException(new Problem(file, 0, "", "no such file"));
    } catch (IOException e) {
      throw new ScenarioException(new Problem(file, 0, "", "cannot read: " + e.getMessage()));
    }
    return parse(file, bytes, path.toAbsolutePath().toString());
  }

  public static Scenario loadBundled(String name) throws ScenarioException {
    String resource = BUNDLED_DIR + name + ".yaml";
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ScenarioException(new Problem(name, 0, "", "no bundled scenario by that name"));
      }
      return parse("bundled:" + name, in.readAllBytes(), "bundled:" + name);
    } catch (IOException e) {
      throw new ScenarioException(new Problem(resource, 0, "", "cannot read: " + e.getMessage()));
    }
  }

  /** The names of the bundled scenarios, from {@code scenarios/index.txt}. */
  public static List<String> bundledNames() {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(BUNDLED_DIR + "index.txt")) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list bundled scenarios", e);
    }
  }

  /** Parses scenario file content; {@code file} is the name used in messages. */
  public static Scenario parse(String file, byte[] bytes, String origin) throws ScenarioException {
    if (bytes.length > ScenarioLimits.MAX_FILE_BYTES) {
      throw new ScenarioException(tooLarge(file));
    }
    String text = decodeText(file, bytes);
    if (text.isBlank()) {
      throw new ScenarioException(new Problem(file, 0, "", "the file is empty"));
    }
    checkLineLengths(file, text);
    YamlDocument doc;
    try {
      doc = YamlDocument.parse(text);
    } catch (JsonProcessingException e) {
      throw new ScenarioException(syntaxProblem(file, e));
    } catch (IOException e) {
      throw new ScenarioException(new Problem(file, 0, "", "cannot parse: " + e.getMessage()));
    }
    if (doc.root() == null || doc.root().isMissingNode() || doc.root().isNull()) {
      throw new ScenarioException(new Problem(file, 0, "", "the file holds no YAML document"));
    }
    return new ScenarioParser(file, doc).parse(origin, sha256(bytes));
  }

  private static Problem tooLarge(String file) {
    return new Problem(
        file,
        0,
        "",
        "larger than " + ScenarioLimits.MAX_FILE_BYTES + " bytes, the most a scenario may be");
  }

  /**
   * Refuses a line longer than {@link ScenarioLimits#MAX_LINE_CHARS} before the YAML parser sees
   * it: the parser's time grows with the square of a line's length, and no field may be that long.
   */
  private static void checkLineLengths(String file, String text) throws ScenarioException {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i == text.length() ? '\n' : text.charAt(i);
      boolean lineBreak =
          c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
      if (lineBreak) {
        if (i - start > ScenarioLimits.MAX_LINE_CHARS) {
          throw new ScenarioException(
              new Problem(
                  file,
                  line,
                  keyOf(text.substring(start, Math.min(i, start + 80))),
                  "line of "
                      + (i - start)
                      + " characters, at most "
                      + ScenarioLimits.MAX_LINE_CHARS
                      + " are allowed (no field may be that long)"));
        }
        line++;
        start = i + 1;
      }
    }
  }

  /** The key a line starts with ({@code - label: ...} gives {@code label}), or empty. */
  private static String keyOf(String lineStart) {
    Matcher key = LINE_KEY.matcher(lineStart);
    return key.lookingAt() ? key.group(1) : "";
  }

  private static Problem syntaxProblem(String file, JsonProcessingException e) {
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    String field = "";
    if (e instanceof StreamReadException read && read.getProcessor() != null) {
      field = displayPath(read.getProcessor().getParsingContext().pathAsPointer().toString());
    }
    String message = e.getOriginalMessage();
    // YAML's .nan and .inf are numbers to YAML but have no exact decimal: say so plainly.
    Matcher special = NON_FINITE.matcher(message);
    if (special.find()) {
      return new Problem(file, line, field, "must be a finite number, got " + special.group(1));
    }
    return new Problem(file, line, field, "not valid YAML: " + oneLine(message));
  }

  /**
   * The parser's message without the position lines, source snippets and carets it spreads over
   * several lines: a problem is one {@code FILE:LINE: ...} line, and the line is already given.
   */
  static String oneLine(String message) {
    List<String> lines = message.lines().toList();
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      boolean snippet = i + 1 < lines.size() && CARET.matcher(lines.get(i + 1)).matches();
      if (line.isEmpty()
          || snippet
          || POSITION.matcher(line).matches()
          || CARET.matcher(line).matches()) {
        continue;
      }
      kept.add(line);
    }
    return kept.isEmpty() ? message.strip().replaceAll("\\s+", " ") : String.join(": ", kept);
  }

  /** {@code /figures/0/value} as {@code figures[0].value}. */
  private static String displayPath(String pointer) {
    StringBuilder out = new StringBuilder();
    for (String part : pointer.split("/", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.chars().allMatch(Character::isDigit)) {
        out.append('[').append(part).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(part);
      }
    }
    return out.toString();
  }

  private static String decodeText(String file, byte[] bytes) throws ScenarioException {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new ScenarioException(
            new Problem(file, 0, "", "binary content (a NUL byte at offset " + i + "), not YAML"));
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ScenarioException(
          new Problem(file, 0, "", "not UTF-8 text (binary content?), cannot be a scenario file"));
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
