package io.tally.cli;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Which settings are secrets: every Kafka producer, consumer, admin and Streams setting whose
 * {@link ConfigDef} type is {@code PASSWORD} (whatever Kafka version adds next), plus any setting
 * whose name says it holds a secret (password, secret, token, credential, jaas, user.info, a key).
 *
 * <p>A Kafka setting is recognised under any prefix ({@code kafka.}, Streams' {@code producer.},
 * {@code main.consumer.}, {@code admin.} ...): a key is secret when any dot-separated suffix of it
 * is a PASSWORD setting.
 */
final class SecretKeys {
  static final String MASK = "[hidden]";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          ".*(password|passwd|passphrase|secret|jaas|token|credential|user\\.info|userinfo"
              + "|private|\\.key$|keystore\\.key|apikey|api\\.key).*");

  private static final Set<String> PASSWORD_TYPED =
      Stream.of(
              ProducerConfig.configDef(),
              ConsumerConfig.configDef(),
              AdminClientConfig.configDef(),
              StreamsConfig.configDef())
          .flatMap(def -> def.configKeys().values().stream())
          .filter(key -> key.type == ConfigDef.Type.PASSWORD)
          .map(key -> key.name)
          .collect(Collectors.toUnmodifiableSet());

  private SecretKeys() {}

  /** The names of the Kafka settings typed PASSWORD. */
  static Set<String> passwordTyped() {
    return PASSWORD_TYPED;
  }

  static boolean isSecret(String key) {
    String name = key.toLowerCase(Locale.ROOT);
    if (SECRET_NAME.matcher(name).matches()) {
      return true;
    }
    for (int start = 0; ; start = name.indexOf('.', start) + 1) {
      if (PASSWORD_TYPED.contains(name.substring(start))) {
        return true;
      }
      if (name.indexOf('.', start) < 0) {
        return false;
      }
    }
  }

  /** The value as it may be printed. */
  static String show(String key, Object value) {
    return isSecret(key) ? MASK : String.valueOf(value);
  }
}
