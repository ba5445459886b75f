package io.tally.scenario;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A report described as themes and figures, loaded from a scenario file by {@link ScenarioLoader}.
 *
 * @param origin where it was loaded from (a path, or {@code bundled:NAME})
 * @param contentHash SHA-256 (hex) of the file's bytes; part of the default run id, so an edited
 *     scenario replays as a new run
 */
public record Scenario(
    String name,
    String title,
    String titleOriginal,
    String language,
    String source,
    ZoneId timeZone,
    Period campaign,
    List<Theme> themes,
    List<Figure> figures,
    String origin,
    String contentHash) {

  /** The most decimal places a gauge value may have. */
  public static final int MAX_SCALE = 6;

  public Optional<Theme> theme(String id) {
    return themes.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  public Optional<Figure> figure(String id) {
    return figures.stream().filter(f -> f.id().equals(id)).findFirst();
  }
}
