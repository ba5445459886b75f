package io.tally.runtime;

import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C or SIGTERM for a process that runs until told to stop: {@link #awaitStop()} returns when
 * the JVM begins to shut down, and the JVM waits, in its shutdown hook, until the process says
 * {@link #close() it has stopped}, so that a service closed in a try-with-resources block commits
 * its last work and leaves its group before the JVM ends.
 */
public final class ShutdownSignal implements AutoCloseable {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  private ShutdownSignal() {}

  /** Registers the hook; {@code threadName} names it in thread dumps. */
  public static ShutdownSignal install(String threadName) {
    ShutdownSignal signal = new ShutdownSignal();
    Runtime.getRuntime().addShutdownHook(new Thread(signal::hold, threadName));
    return signal;
  }

  /** Returns once the JVM begins to shut down. */
  public void awaitStop() throws InterruptedException {
    stop.await();
  }

  /** The process has stopped: the JVM may end. */
  @Override
  public void close() {
    stopped.countDown();
  }

  private void hold() {
    stop.countDown();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
