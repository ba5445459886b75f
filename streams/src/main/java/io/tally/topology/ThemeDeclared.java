package io.tally.topology;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.RunDeclaration;
import io.tally.avro.ThemeDeclaration;
import io.tally.avro.ThemeTotal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A theme's rollup measured against what its run declares: the figures declared (not only those
 * seen so far) are the denominator of its share complete, and the events declared its events
 * expected. A rollup of a run the run log does not declare (event model v1) is left as it is. What
 * a run declares of a theme never changes, so it is remembered. Thread-safe.
 */
public final class ThemeDeclared {
  private static final int MEMO_CAPACITY = 10_000;

  private final Declarations declarations;
  // Shared by the HTTP threads of a running application.
  private final Map<String, Declared> memo = new ConcurrentHashMap<>();

  private record Declared(String label, int figures, long events) {}

  public ThemeDeclared(Declarations declarations) {
    this.declarations = declarations;
  }

  public @Nullable ThemeTotal decorate(@Nullable ThemeTotal theme) {
    if (theme == null) {
      return null;
    }
    String key = theme.getRunId() + "/" + theme.getTheme();
    Declared declared = memo.get(key);
    if (declared == null) {
      declared = lookup(theme.getRunId(), theme.getTheme());
      if (declared == null) {
        return theme;
      }
      if (memo.size() >= MEMO_CAPACITY) {
        memo.clear();
      }
      memo.put(key, declared);
    }
    int figures = declared.figures();
    return ThemeTotal.newBuilder(theme)
        .setFiguresDeclared(figures)
        .setThemeLabel(declared.label())
        .setEventsExpected(declared.events())
        .setShareComplete(figures == 0 ? 0 : (double) theme.getFiguresComplete() / figures)
        .build();
  }

  private @Nullable Declared lookup(String runId, String themeId) {
    Optional<RunDeclaration> run = declarations.run(runId);
    if (run.isEmpty()) {
      return null;
    }
    for (ThemeDeclaration theme : run.get().getThemes()) {
      if (theme.getId().equals(themeId)) {
        long events = 0;
        for (FigureDeclaration f : declarations.figures(runId)) {
          if (f.getTheme().equals(themeId)) {
            events += f.getEvents();
          }
        }
        return new Declared(theme.getLabel(), theme.getFigures(), events);
      }
    }
    return null;
  }
}
