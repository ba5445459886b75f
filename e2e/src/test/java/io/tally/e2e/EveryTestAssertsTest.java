package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No test of any module passes without asserting something: every test method must reach, itself or
 * through the helpers it calls (Tally's own test code, followed as deep as it goes), an assertion
 * library (AssertJ, JUnit's {@code Assertions}), a wait that fails when its condition is never met
 * (Awaitility, the test kit's {@code Await}), or a thrown {@link AssertionError}. A jqwik property
 * that returns a {@code boolean} asserts through its result.
 *
 * <p>It reads the compiled tests of every module from {@code MODULE/target/test-classes}: this
 * module is the last of the reactor, so a whole build has compiled them all before it runs.
 */
class EveryTestAssertsTest {
  private static final Set<String> TEST_ANNOTATIONS =
      Set.of(
          "org.junit.jupiter.api.Test",
          "org.junit.jupiter.params.ParameterizedTest",
          "org.junit.jupiter.api.RepeatedTest",
          "net.jqwik.api.Property",
          "net.jqwik.api.Example");

  /** Calls into these packages or classes are assertions. */
  private static final List<String> ASSERTING_OWNERS =
      List.of(
          "org.assertj.",
          "org.junit.jupiter.api.Assertions",
          "org.awaitility.",
          "io.tally.testkit.Await",
          "com.tngtech.archunit.lang.ArchRule",
          "java.lang.AssertionError");

  private final Map<String, Boolean> asserts = new HashMap<>();

  @Test
  void everyTestMethodReachesAnAssertion() throws IOException {
    List<Path> compiledTests = compiledTestsOfEveryModule();
    JavaClasses tests =
        new ClassFileImporter()
            .importPaths(compiledTests)
            .that(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(Samples.class)));

    assertThat(testMethods(tests))
        .as("test methods found in %s", compiledTests)
        .hasSizeGreaterThan(300);
    assertThat(silentTests(tests))
        .as(
            "tests that assert nothing (a test must fail when the behaviour it names is broken;"
                + " assert on the outcome, or wait with Await/Awaitility for it)")
        .isEmpty();
  }

  @Test
  void aTestThatAssertsNothingIsFound() {
    JavaClasses samples = new ClassFileImporter().importClasses(Samples.class);

    assertThat(testMethods(samples)).hasSize(4);
    assertThat(silentTests(samples))
        .containsExactly(Samples.class.getName() + ".callsButNeverChecks");
  }

  /** Tests for the guard itself: three that assert in different ways, one that does not. */
  @SuppressWarnings("unused")
  static final class Samples {
    @Test
    void assertsDirectly() {
      assertThat(1 + 1).isEqualTo(2);
    }

    @Test
    void assertsThroughAHelper() {
      check(List.of(1));
    }

    @Test
    void throwsAnAssertionError() {
      if (Math.abs(-1) != 1) {
        throw new AssertionError("abs");
      }
    }

    @Test
    void callsButNeverChecks() {
      List.of(1, 2).forEach(Samples::ignore);
    }

    private static void check(List<Integer> values) {
      assertThat(values).isNotEmpty();
    }

    private static void ignore(int value) {}
  }

  private static List<JavaMethod> testMethods(JavaClasses classes) {
    return classes.stream()
        .flatMap(type -> type.getMethods().stream())
        .filter(EveryTestAssertsTest::isTest)
        .toList();
  }

  private List<String> silentTests(JavaClasses classes) {
    return testMethods(classes).stream()
        .filter(method -> !returnsVerdict(method) && !reachesAssertion(method, 0))
        .map(method -> method.getOwner().getName() + "." + method.getName())
        .sorted()
        .toList();
  }

  private static boolean isTest(JavaMethod method) {
    return method.getAnnotations().stream()
        .anyMatch(a -> TEST_ANNOTATIONS.contains(a.getRawType().getName()));
  }

  private static boolean returnsVerdict(JavaMethod method) {
    String type = method.getRawReturnType().getName();
    return type.equals("boolean") || type.equals("java.lang.Boolean");
  }

  private boolean reachesAssertion(JavaCodeUnit unit, int depth) {
    String key = unit.getFullName();
    Boolean known = asserts.get(key);
    if (known != null) {
      return known;
    }
    // Cut recursion; a helper that only recurses into itself asserts nothing new.
    asserts.put(key, false);
    boolean found =
        Stream.<JavaCodeUnitAccess<?>>concat(
                unit.getCallsFromSelf().stream(), unit.getMethodReferencesFromSelf().stream())
            .anyMatch(
                call -> {
                  String owner = call.getTargetOwner().getName();
                  if (ASSERTING_OWNERS.stream().anyMatch(owner::startsWith)) {
                    return true;
                  }
                  return depth < 12
                      && owner.startsWith("io.tally.")
                      && call.getTarget().resolveMember().stream()
                          .anyMatch(target -> reachesAssertion(target, depth + 1));
                });
    asserts.put(key, found);
    return found;
  }

  /** {@code MODULE/target/test-classes} of every module with tests. */
  private static List<Path> compiledTestsOfEveryModule() throws IOException {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module :
          modules.filter(m -> Files.isDirectory(m.resolve("src/test/java"))).toList()) {
        Path compiled = module.resolve("target/test-classes");
        assertThat(compiled)
            .as(
                "compiled tests of %s (build the whole project: ./mvnw verify, or ./mvnw"
                    + " test-compile first)",
                module.getFileName())
            .isDirectory();
        dirs.add(compiled);
      }
    }
    return dirs;
  }
}
