package io.tally.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a parsed YAML document into a {@link Scenario}, collecting every problem (not just the
 * first) with the line and field it concerns. The rules are those of {@code
 * docs/scenario-format.md}.
 */
final class ScenarioParser {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_]*");
  private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final Set<String> TOP_KEYS =
      Set.of(
          "scenario",
          "title",
          "titleOriginal",
          "language",
          "source",
          "timeZone",
          "campaign",
          "themes",
          "figures");
  private static final Set<String> THEME_KEYS = Set.of("id", "label", "labelOriginal");
  private static final Set<String> PERIOD_KEYS = Set.of("start", "end");
  private static final Set<String> FIGURE_KEYS =
      Set.of(
          "id",
          "theme",
          "metric",
          "label",
          "unit",
          "kind",
          "qualifier",
          "value",
          "upper",
          "period",
          "profile",
          "sentence");

  private final String file;
  private final YamlDocument doc;
  private final List<Problem> problems = new ArrayList<>();

  ScenarioParser(String file, YamlDocument doc) {
    this.file = file;
    this.doc = doc;
  }

  Scenario parse(String origin, String contentHash) throws ScenarioException {
    At root = new At("", "", doc.root());
    if (!root.node.isObject()) {
      throw new ScenarioException(
          new Problem(file, 1, "", "expected a mapping of scenario fields, got " + describe(root)));
    }
    knownKeys(root, TOP_KEYS);
    String name = text(root.child("scenario"), ID, ScenarioLimits.MAX_ID_CHARS);
    String title = text(root.child("title"), null, ScenarioLimits.MAX_TITLE_CHARS);
    String titleOriginal =
        optionalText(root.child("titleOriginal"), ScenarioLimits.MAX_TITLE_CHARS);
    String language = optionalText(root.child("language"), ScenarioLimits.MAX_TITLE_CHARS);
    String source = text(root.child("source"), null, ScenarioLimits.MAX_TITLE_CHARS);
    ZoneId zone = zone(root.child("timeZone"));
    Period campaign = period(root.child("campaign"));
    checkTimeRange(root.child("campaign"), campaign, zone);
    List<Theme> themes = list(root.child("themes"), this::theme, ScenarioLimits.MAX_THEMES);
    Set<String> themeIds = new HashSet<>();
    forEach(
        root.child("themes"),
        (at, i) -> {
          if (i < themes.size() && themes.get(i) != null && !themeIds.add(themes.get(i).id())) {
            problem(at.child("id"), "duplicate theme id \"" + themes.get(i).id() + "\"");
          }
        });
    List<Figure> figures = list(root.child("figures"), this::figure, ScenarioLimits.MAX_FIGURES);
    checkFigures(root.child("figures"), figures, themeIds);
    forEach(
        root.child("figures"),
        (at, i) -> {
          if (i < figures.size() && figures.get(i) != null) {
            checkTimeRange(at.child("period"), figures.get(i).period(), zone);
          }
        });
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems);
    }
    // No problem was found, so every required field was read.
    return new Scenario(
        Objects.requireNonNull(name),
        Objects.requireNonNull(title),
        titleOriginal,
        language,
        Objects.requireNonNull(source),
        Objects.requireNonNull(zone),
        Objects.requireNonNull(campaign),
        List.copyOf(themes),
        List.copyOf(figures),
        origin,
        contentHash);
  }

  private void checkFigures(At figuresAt, List<Figure> figures, Set<String> themeIds) {
    Set<String> ids = new HashSet<>();
    Set<String> metrics = new HashSet<>();
    forEach(
        figuresAt,
        (at, i) -> {
          Figure f = i < figures.size() ? figures.get(i) : null;
          if (f == null) {
            return;
          }
          if (!ids.add(f.id())) {
            problem(at.child("id"), "duplicate figure id \"" + f.id() + "\"");
          }
          if (!themeIds.contains(f.theme())) {
            problem(
                at.child("theme"),
                "unknown theme \"" + f.theme() + "\" (themes: " + someOf(themeIds) + ")");
          } else if (!metrics.add(f.theme() + "/" + f.metric())) {
            problem(
                at.child("metric"),
                "metric \"" + f.metric() + "\" is used twice in theme \"" + f.theme() + "\"");
          }
        });
    if (figuresAt.node.isArray() && figuresAt.node.isEmpty()) {
      problem(figuresAt, "a scenario needs at least one figure");
    }
  }

  /** At most ten of the names, sorted: a message stays one short line. */
  private static String someOf(Set<String> names) {
    List<String> sorted = sorted(names);
    return sorted.size() <= 10
        ? String.join(", ", sorted)
        : String.join(", ", sorted.subList(0, 10)) + ", ... (" + sorted.size() + " in all)";
  }

  /** Event times the pipeline can count: see {@link ScenarioLimits#EARLIEST_EVENT_TIME}. */
  private void checkTimeRange(At at, @Nullable Period period, @Nullable ZoneId zone) {
    if (period == null || zone == null) {
      return;
    }
    if (period.start().atZone(zone).toInstant().isBefore(ScenarioLimits.EARLIEST_EVENT_TIME)) {
      problem(
          at.child("start"),
          "starts at "
              + period.start()
              + " ("
              + zone
              + "), before "
              + ScenarioLimits.EARLIEST_EVENT_TIME
              + ", the earliest event time Tally counts");
    }
    if (period.end().isAfter(ScenarioLimits.LATEST_LOCAL_TIME)) {
      problem(
          at.child("end"),
          "ends at "
              + period.end()
              + ", after "
              + ScenarioLimits.LATEST_LOCAL_TIME
              + ", the latest event time Tally counts");
    }
  }

  private @Nullable Theme theme(At at) {
    if (!object(at)) {
      return null;
    }
    knownKeys(at, THEME_KEYS);
    String id = text(at.child("id"), ID, ScenarioLimits.MAX_ID_CHARS);
    String label = text(at.child("label"), null, ScenarioLimits.MAX_LABEL_CHARS);
    String original = optionalText(at.child("labelOriginal"), ScenarioLimits.MAX_LABEL_CHARS);
    return id == null || label == null ? null : new Theme(id, label, original);
  }

  private @Nullable Figure figure(At at) {
    if (!object(at)) {
      return null;
    }
    knownKeys(at, FIGURE_KEYS);
    int before = problems.size();
    String id = text(at.child("id"), ID, ScenarioLimits.MAX_ID_CHARS);
    String theme = text(at.child("theme"), ID, ScenarioLimits.MAX_ID_CHARS);
    String metric = text(at.child("metric"), METRIC, ScenarioLimits.MAX_METRIC_CHARS);
    String label = text(at.child("label"), null, ScenarioLimits.MAX_LABEL_CHARS);
    String unit = text(at.child("unit"), METRIC, ScenarioLimits.MAX_METRIC_CHARS);
    Kind kind = choice(at.child("kind"), s -> Optional.ofNullable(kindOf(s)), "counter, gauge");
    Qualifier qualifier =
        choice(
            at.child("qualifier"),
            Qualifier::fromYaml,
            "exact, more_than, at_least, nearly, about, estimate, range");
    Profile profile =
        choice(at.child("profile"), Profile::fromYaml, "uniform, ramp-up, double11-peak, step");
    BigDecimal value = number(at.child("value"), kind);
    BigDecimal upper = null;
    At upperAt = at.child("upper");
    if (!upperAt.missing()) {
      upper = number(upperAt, kind);
      if (qualifier != Qualifier.RANGE) {
        problem(upperAt, "only a figure with qualifier range has an upper bound");
      } else if (upper != null && value != null && upper.compareTo(value) < 0) {
        problem(upperAt, "the upper bound " + upper + " is below the value " + value);
      }
    } else if (qualifier == Qualifier.RANGE) {
      problem(at, "missing field \"upper\": a range needs its upper bound");
    }
    Period period = period(at.child("period"));
    String sentence = text(at.child("sentence"), null, ScenarioLimits.MAX_SENTENCE_CHARS);
    if (problems.size() > before) {
      return null;
    }
    // No new problem, so every required field was read.
    return new Figure(
        Objects.requireNonNull(id),
        Objects.requireNonNull(theme),
        Objects.requireNonNull(metric),
        Objects.requireNonNull(label),
        Objects.requireNonNull(unit),
        Objects.requireNonNull(kind),
        Objects.requireNonNull(qualifier),
        Objects.requireNonNull(value),
        upper,
        Objects.requireNonNull(period),
        Objects.requireNonNull(profile),
        Objects.requireNonNull(sentence));
  }

  private static @Nullable Kind kindOf(String s) {
    return switch (s) {
      case "counter" -> Kind.COUNTER;
      case "gauge" -> Kind.GAUGE;
      default -> null;
    };
  }

  private @Nullable BigDecimal number(At at, @Nullable Kind kind) {
    if (at.missing()) {
      problem(at.parent(), "missing field \"" + at.name() + "\"");
      return null;
    }
    JsonNode n = at.node;
    if (n.isTextual()
        && n.asText().toLowerCase(Locale.ROOT).matches("[-+]?\\.?(nan|inf|infinity)")) {
      problem(at, "must be a finite number, got " + n.asText());
      return null;
    }
    if (!n.isNumber()) {
      problem(at, "expected a number, got " + describe(at));
      return null;
    }
    if (n.isDouble() || n.isFloat()) {
      if (!Double.isFinite(n.doubleValue())) {
        problem(at, "must be a finite number, got " + n.doubleValue());
        return null;
      }
    }
    BigDecimal value = n.isBigInteger() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue();
    if (value.signum() < 0) {
      problem(at, "must not be negative, got " + value.toPlainString());
      return null;
    }
    if (kind == Kind.COUNTER) {
      if (value.stripTrailingZeros().scale() > 0) {
        problem(at, "a counter must be a whole number, got " + value.toPlainString());
        return null;
      }
      if (value.signum() == 0) {
        problem(at, "a counter must be at least 1, got 0");
        return null;
      }
    }
    if (value.stripTrailingZeros().scale() > Scenario.MAX_SCALE) {
      problem(
          at,
          "at most "
              + Scenario.MAX_SCALE
              + " decimal places are supported, got "
              + value.toPlainString());
      return null;
    }
    BigInteger unscaled =
        value.setScale(Math.max(0, value.stripTrailingZeros().scale())).unscaledValue();
    if (value.compareTo(MAX_LONG) > 0 || unscaled.bitLength() > 63) {
      problem(
          at,
          "too large for the event schema (a 64-bit integer at its decimal scale), got "
              + value.toPlainString());
      return null;
    }
    return value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value.stripTrailingZeros();
  }

  private @Nullable Period period(At at) {
    if (!object(at)) {
      return null;
    }
    knownKeys(at, PERIOD_KEYS);
    LocalDateTime start = dateTime(at.child("start"));
    LocalDateTime end = dateTime(at.child("end"));
    if (start == null || end == null) {
      return null;
    }
    if (end.isBefore(start)) {
      problem(at.child("end"), "the period ends (" + end + ") before it starts (" + start + ")");
      return null;
    }
    return new Period(start, end);
  }

  private @Nullable LocalDateTime dateTime(At at) {
    String text = text(at, null, ScenarioLimits.MAX_TITLE_CHARS);
    if (text == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(text);
    } catch (DateTimeException e) {
      problem(
          at,
          "expected a local date-time like 2022-11-11T00:00:00, got " + ScenarioLimits.quote(text));
      return null;
    }
  }

  private @Nullable ZoneId zone(At at) {
    String text = text(at, null, ScenarioLimits.MAX_TITLE_CHARS);
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      problem(
          at,
          "unknown time zone "
              + ScenarioLimits.quote(text)
              + " (use an IANA name like Asia/Shanghai)");
      return null;
    }
  }

  private <T> @Nullable T choice(At at, Function<String, Optional<T>> parse, String allowed) {
    String text = text(at, null, ScenarioLimits.MAX_TITLE_CHARS);
    if (text == null) {
      return null;
    }
    Optional<T> value = parse.apply(text);
    if (value.isEmpty()) {
      problem(at, "unknown value " + ScenarioLimits.quote(text) + " (one of: " + allowed + ")");
    }
    return value.orElse(null);
  }

  private @Nullable String text(At at, @Nullable Pattern pattern, int maxChars) {
    if (at.missing()) {
      problem(at.parent(), "missing field \"" + at.name() + "\"");
      return null;
    }
    if (!at.node.isTextual() && !at.node.isNumber() && !at.node.isBoolean()) {
      problem(at, "expected text, got " + describe(at));
      return null;
    }
    String text = at.node.asText();
    if (text.isBlank()) {
      problem(at, "must not be empty");
      return null;
    }
    if (text.length() > maxChars) {
      problem(at, "at most " + maxChars + " characters, got " + text.length());
      return null;
    }
    if (pattern != null && !pattern.matcher(text).matches()) {
      problem(at, ScenarioLimits.quote(text) + " does not match " + pattern.pattern());
      return null;
    }
    return text;
  }

  private String optionalText(At at, int maxChars) {
    return at.missing() ? "" : Optional.ofNullable(text(at, null, maxChars)).orElse("");
  }

  private boolean object(At at) {
    if (at.missing()) {
      problem(at.parent(), "missing field \"" + at.name() + "\"");
      return false;
    }
    if (!at.node.isObject()) {
      problem(at, "expected a mapping, got " + describe(at));
      return false;
    }
    return true;
  }

  private <T> List<T> list(At at, Function<At, T> element, int maxItems) {
    List<T> out = new ArrayList<>();
    if (at.missing()) {
      problem(at.parent(), "missing field \"" + at.name() + "\"");
      return out;
    }
    if (!at.node.isArray()) {
      problem(at, "expected a list, got " + describe(at));
      return out;
    }
    if (at.node.size() > maxItems) {
      problem(at, "at most " + maxItems + " items, got " + at.node.size());
      return out;
    }
    forEach(at, (item, i) -> out.add(element.apply(item)));
    return out;
  }

  private interface ItemVisitor {
    void visit(At item, int index);
  }

  private static void forEach(At at, ItemVisitor visitor) {
    if (!at.node.isArray()) {
      return;
    }
    for (int i = 0; i < at.node.size(); i++) {
      visitor.visit(at.item(i), i);
    }
  }

  private void knownKeys(At at, Set<String> allowed) {
    Iterator<String> names = at.node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        problem(
            at.child(key),
            "unknown field \"" + key + "\" (allowed: " + String.join(", ", sorted(allowed)) + ")");
      }
    }
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  private static String describe(At at) {
    JsonNode n = at.node;
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isNull()) {
      return "null";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isTextual()) {
      return ScenarioLimits.quote(n.asText());
    }
    return ScenarioLimits.quote(n.asText()).replace("\"", "");
  }

  private void problem(At at, String message) {
    problems.add(new Problem(file, doc.lineOf(at.pointer), at.path, message));
  }

  /** A position in the document: its JSON pointer, its display path and its node. */
  private record At(String pointer, String path, JsonNode node) {
    // A field or item that is not there is Jackson's MissingNode, never null.
    At child(String name) {
      return new At(
          pointer + "/" + name, path.isEmpty() ? name : path + "." + name, node.path(name));
    }

    At item(int index) {
      return new At(pointer + "/" + index, path + "[" + index + "]", node.path(index));
    }

    boolean missing() {
      return node.isMissingNode() || node.isNull();
    }

    String name() {
      return path.substring(path.lastIndexOf('.') + 1);
    }

    At parent() {
      int slash = pointer.lastIndexOf('/');
      int dot = path.lastIndexOf('.');
      return new At(
          pointer.substring(0, Math.max(slash, 0)),
          dot < 0 ? "" : path.substring(0, dot),
          MissingNode.getInstance());
    }
  }
}
