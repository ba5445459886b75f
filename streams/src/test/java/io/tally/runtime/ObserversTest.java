package io.tally.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.topology.TallyObserver;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObserversTest {

  @Test
  void everyCallbackOfTheObserverIsPassedOn() throws NoSuchMethodException {
    for (Method callback : TallyObserver.class.getMethods()) {
      if (Modifier.isStatic(callback.getModifiers())) {
        continue;
      }
      Method passed =
          Observers.class.getDeclaredMethod(callback.getName(), callback.getParameterTypes());
      assertThat(passed.getDeclaringClass()).as(callback.getName()).isEqualTo(Observers.class);
    }
  }

  @Test
  void bothAreToldEvenWhenTheFirstFails() {
    List<String> told = new ArrayList<>();
    TallyObserver failing =
        new TallyObserver() {
          @Override
          public void deadLetter(String reason) {
            told.add("first " + reason);
            throw new IllegalStateException("a metrics bug");
          }
        };
    TallyObserver second =
        new TallyObserver() {
          @Override
          public void deadLetter(String reason) {
            told.add("second " + reason);
          }
        };

    Observers.both(failing, second).deadLetter("undecodable");

    assertThat(told).containsExactly("first undecodable", "second undecodable");
    assertThat(Arrays.stream(TallyObserver.class.getMethods()).count()).isPositive();
  }
}
