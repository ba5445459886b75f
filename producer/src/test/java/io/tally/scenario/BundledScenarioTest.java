package io.tally.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled Double 11 scenario holds every figure of the seed article, each quoted verbatim. */
class BundledScenarioTest {
  private static String article() throws IOException {
    try (InputStream in =
        BundledScenarioTest.class.getResourceAsStream(
            "/scenarios/sources/000_4a804bc525f3f7c6.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void loadsByName() throws Exception {
    Scenario scenario = ScenarioLoader.load("double11-2022");
    assertThat(scenario.name()).isEqualTo("double11-2022");
    assertThat(scenario.timeZone().getId()).isEqualTo("Asia/Shanghai");
    assertThat(scenario.themes())
        .extracting(Theme::id)
        .contains(
            "employment", "helping-farmers", "helping-elderly", "philanthropy", "privacy", "green");
    assertThat(scenario.figures()).hasSizeGreaterThanOrEqualTo(40);
  }

  @Test
  void everySentenceIsQuotedFromTheArticle() throws Exception {
    String article = article();
    for (Figure f : ScenarioLoader.load("double11-2022").figures()) {
      assertThat(article).as("sentence of %s", f.id()).contains(f.sentence());
    }
  }

  @Test
  void keyFiguresHaveTheirStatedValuesAndQualifiers() throws Exception {
    Map<String, Figure> byId =
        ScenarioLoader.load("double11-2022").figures().stream()
            .collect(Collectors.toMap(Figure::id, f -> f));
    assertThat(byId.get("taobao-net-new-merchants").value()).isEqualByComparingTo("1200000");
    assertThat(byId.get("hiring-season-jobs").qualifier()).isEqualTo(Qualifier.MORE_THAN);
    assertThat(byId.get("campus-session-jobs").value()).isEqualByComparingTo("42600");
    assertThat(byId.get("population-65-plus").value()).isEqualByComparingTo("190000000");
    assertThat(byId.get("yellow-handrails-claimed").qualifier()).isEqualTo(Qualifier.NEARLY);
    assertThat(byId.get("packages-recycled").qualifier()).isEqualTo(Qualifier.ESTIMATE);
    assertThat(byId.get("elderly-who-have-fallen").upper())
        .isEqualByComparingTo(BigDecimal.valueOf(4));
    assertThat(byId.get("campaign-edition").value()).isEqualByComparingTo("14");
  }

  @Test
  void everyNumberOfTheArticleBodyIsAFigureOrAccountedFor() throws Exception {
    String body = article();
    body = body.substring(0, body.indexOf("（图片由天猫授权中国网发布）"));
    // Strip what the scenario quotes; every digit left must be a date, a name or an age threshold.
    for (Figure f : ScenarioLoader.load("double11-2022").figures()) {
      body = body.replace(f.sentence(), " ");
    }
    String leftover =
        body.replaceAll("\\d+月\\d+日", " ")
            .replaceAll("(今年)?\\d+月", " ")
            .replaceAll("\\d{4}年", " ")
            .replace("双11", " ")
            .replace("2022天猫", " ")
            .replace("00后", " ")
            .replace("1号职场", " ")
            .replace("65岁", " ")
            .replace("20个商家与天猫共同推进助老", " ");
    assertThat(leftover.replaceAll("[^0-9]", "")).as("digits left in: %s", leftover).isEmpty();
  }
}
