package io.tally.serde;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.FigureEvent;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.Observation;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Serdes for every Tally topic. Each accepts the record's current schema and every earlier version
 * published under {@code schemas/history/NAME/}.
 */
public final class TallySerdes {
  private TallySerdes() {}

  public static SingleObjectSerde<FigureEvent> figureEvent() {
    return new SingleObjectSerde<>(FigureEvent.getClassSchema(), history("FigureEvent"));
  }

  /** The slim event of the event model v2 on {@code tally.figure-events}. */
  public static SingleObjectSerde<Observation> observation() {
    return new SingleObjectSerde<>(Observation.getClassSchema(), history("Observation"));
  }

  public static SingleObjectSerde<RunDeclaration> runDeclaration() {
    return new SingleObjectSerde<>(RunDeclaration.getClassSchema(), history("RunDeclaration"));
  }

  public static SingleObjectSerde<FigureDeclaration> figureDeclaration() {
    return new SingleObjectSerde<>(
        FigureDeclaration.getClassSchema(), history("FigureDeclaration"));
  }

  public static SingleObjectSerde<RunCompletion> runCompletion() {
    return new SingleObjectSerde<>(RunCompletion.getClassSchema(), history("RunCompletion"));
  }

  public static SingleObjectSerde<RunStatus> runStatus() {
    return new SingleObjectSerde<>(RunStatus.getClassSchema(), history("RunStatus"));
  }

  public static SingleObjectSerde<MetricTotal> metricTotal() {
    return new SingleObjectSerde<>(MetricTotal.getClassSchema(), history("MetricTotal"));
  }

  public static SingleObjectSerde<ThemeTotal> themeTotal() {
    return new SingleObjectSerde<>(ThemeTotal.getClassSchema(), history("ThemeTotal"));
  }

  public static SingleObjectSerde<MetricDailyTotal> metricDailyTotal() {
    return new SingleObjectSerde<>(MetricDailyTotal.getClassSchema(), history("MetricDailyTotal"));
  }

  /**
   * The published earlier versions of a record schema, oldest first, read from the classpath
   * ({@code avro-history/NAME/v1.avsc}, {@code v2.avsc}, ...).
   */
  public static List<Schema> history(String name) {
    List<Schema> versions = new ArrayList<>();
    for (int v = 1; ; v++) {
      String path = "/avro-history/" + name + "/v" + v + ".avsc";
      try (InputStream in = TallySerdes.class.getResourceAsStream(path)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read published schema " + path, e);
      }
    }
  }
}
