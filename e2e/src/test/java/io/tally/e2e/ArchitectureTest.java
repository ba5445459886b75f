package io.tally.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The design, stated as rules the build checks on Tally's main code (every module), each with the
 * reason it exists.
 */
class ArchitectureTest {
  private static JavaClasses tally;

  @BeforeAll
  static void importTally() {
    tally =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tally");
  }

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(false).check(tally);
  }

  @Test
  void theTopologyIsAPureBuilder() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.tally.topology..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.micrometer..",
                "com.sun.net.httpserver..",
                "io.tally.http..",
                "io.tally.metrics..",
                "io.tally.runtime..",
                "io.tally.query..",
                "io.tally.cli..")
            .because(
                "the topology is config and serdes in, Topology out: no metrics, HTTP or runtime"));
  }

  @Test
  void theTopologySetsNoStreamsProperties() {
    check(
        noClasses()
            .that()
            .resideInAPackage("io.tally.topology..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.apache.kafka.streams.StreamsConfig")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo("org.apache.kafka.streams.state.RocksDBConfigSetter")
            .orShould()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("ExceptionHandler")
            .because(
                "how the topology is run (exactly-once, handlers, RocksDB memory) is the runtime's"
                    + " one typed config, io.tally.runtime.TallyStreamsConfig"));
  }

  @Test
  void theStreamsApplicationDoesNotDependOnTheProducer() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "io.tally.topology..",
                "io.tally.runtime..",
                "io.tally.http..",
                "io.tally.metrics..",
                "io.tally.query..",
                "io.tally.reconcile..",
                "io.tally.runs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.tally.scenario..", "io.tally.expand..", "io.tally.replay..")
            .because(
                "the streams application learns a run from the run log, not from scenario files"));
  }

  @Test
  void onlyTheCliReadsTheEnvironmentAndFlags() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("io.tally.cli..")
            .should()
            .callMethod(System.class, "getenv")
            .orShould()
            .callMethod(System.class, "getenv", String.class)
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("picocli..")
            .because("one typed config, built by the CLI, is what every other part is given"));
  }

  @Test
  void metricsAndQueriesDoNotDependOnHttp() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage("io.tally.metrics..", "io.tally.query..", "io.tally.reconcile..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.tally.http..")
            .because("HTTP is one way to show them, not part of them"));
  }

  @Test
  void onlyTheBenchmarkUsesTheTestKit() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.tally.testkit..", "io.tally.bench..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.tally.testkit..")
            .because("the test kit serves tests and the benchmark; Tally never needs it to run"));
  }

  @Test
  void nothingDependsOnTheBenchmark() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages("io.tally.bench..", "io.tally.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.tally.bench..")
            .because("the benchmark harness measures Tally; Tally never needs it to run"));
  }
}
