package io.tally.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build-time contract check: every published schema ({@code src/main/avro}) stays compatible,
 * both ways, with every version published before it ({@code history/NAME/vN.avsc}), so existing
 * consumers keep reading new records and Tally keeps reading old ones. A change that breaks this
 * needs a new topic, not a new version.
 */
class SchemaCompatibilityTest {
  static Stream<String> recordSchemas() {
    return Stream.of(
        "FigureEvent",
        "MetricTotal",
        "ThemeTotal",
        "MetricDailyTotal",
        "Observation",
        "RunDeclaration",
        "FigureDeclaration",
        "RunCompletion",
        "RunStatus");
  }

  private static Schema current(String name) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    for (String shared : List.of("FigureKind", "Qualifier", "RunState")) {
      parser.parse(Path.of("src/main/avro", shared + ".avsc").toFile());
    }
    return parser.parse(Files.readString(Path.of("src/main/avro", name + ".avsc")));
  }

  @ParameterizedTest
  @MethodSource("recordSchemas")
  void compatibleWithEveryPublishedVersion(String name) throws IOException {
    Schema current = current(name);
    List<Schema> history = TallySerdes.history(name);
    assertThat(history).as("published versions of %s", name).isNotEmpty();
    for (Schema old : history) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
          .as("%s reads records written with an older version", name)
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
          .as("consumers holding an older %s read current records", name)
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }
}
