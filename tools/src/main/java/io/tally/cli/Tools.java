package io.tally.cli;

import java.util.List;

/** The tools' commands, found by {@code tally} through {@code META-INF/services}. */
public final class Tools implements ToolCommands {
  @Override
  public List<Class<?>> commands() {
    return List.of(DemoCommand.class, BrokerCommand.class, BenchCommand.class);
  }
}
