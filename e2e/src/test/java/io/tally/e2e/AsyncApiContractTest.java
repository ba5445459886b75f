package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tally.serde.SchemaCatalog;
import io.tally.topics.Topics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/asyncapi.yaml} names exactly the topics of {@link Topics} and, as message payloads,
 * the current schema of every record type Tally writes ({@link SchemaCatalog}), so the document
 * cannot drift from the code. (CI also validates it with the AsyncAPI parser.)
 */
class AsyncApiContractTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOCUMENT = ROOT.resolve("docs/asyncapi.yaml");

  private static JsonNode document() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
  }

  @Test
  void namesExactlyTheTopicsOfTheCode() throws Exception {
    Set<String> documented = new TreeSet<>();
    document().path("channels").forEach(c -> documented.add(c.path("address").asText()));
    Set<String> code = new TreeSet<>();
    for (Field f : Topics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        code.add((String) f.get(null));
      }
    }
    assertThat(documented).isEqualTo(code);
  }

  @Test
  void everyPayloadIsTheCurrentSchemaOfARecordTallyWrites() throws Exception {
    Set<String> documented = new TreeSet<>();
    for (JsonNode message : document().path("components").path("messages")) {
      JsonNode ref = message.path("payload").path("schema").path("$ref");
      if (ref.isMissingNode()) {
        continue; // dead letters: the original bytes
      }
      Path file = DOCUMENT.getParent().resolve(ref.asText()).normalize();
      Schema schema = new Schema.Parser().parse(Files.readString(file));
      SchemaCatalog.Entry entry =
          SchemaCatalog.all().stream()
              .filter(e -> e.schema().equals(schema))
              .findFirst()
              .orElseThrow(() -> new AssertionError(file + " is no published schema"));
      assertThat(entry.current()).as("%s is the current version", file).isTrue();
      documented.add(entry.name());
    }
    Set<String> current = new TreeSet<>();
    SchemaCatalog.all().stream()
        .filter(SchemaCatalog.Entry::current)
        .forEach(e -> current.add(e.name()));
    assertThat(documented).isEqualTo(current);
  }
}
