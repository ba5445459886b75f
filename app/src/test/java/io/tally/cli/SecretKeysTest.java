package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretKeysTest {
  @Test
  void everyPasswordTypedKafkaSettingIsHiddenUnderAnyPrefix() {
    assertThat(SecretKeys.passwordTyped())
        .contains(
            "sasl.jaas.config",
            "ssl.truststore.password",
            "sasl.oauthbearer.assertion.private.key.passphrase");
    Map<String, String> config = new LinkedHashMap<>();
    for (String key : SecretKeys.passwordTyped()) {
      for (String prefix : new String[] {"", "kafka.", "kafka.producer.", "kafka.main.consumer."}) {
        config.put(prefix + key, "s3cr3t-" + key);
      }
    }
    config.put("bootstrap.servers", "b:9092");
    String printed = ConfigPrinter.render(config);
    assertThat(printed).doesNotContain("s3cr3t").contains("b:9092");
    assertThat(printed.lines().filter(l -> l.endsWith("= [hidden]")).count())
        .isEqualTo(config.size() - 1);
  }

  @Test
  void namesThatSayTheyHoldASecretAreHidden() {
    for (String key :
        new String[] {
          "kafka.basic.auth.user.info",
          "kafka.schema.registry.basic.auth.user.info",
          "kafka.sasl.oauthbearer.assertion.private.key.passphrase",
          "kafka.my.api.token",
          "kafka.client.secret",
          "kafka.aws.credentials",
          "kafka.some.password",
          "KAFKA.SASL.JAAS.CONFIG"
        }) {
      assertThat(SecretKeys.isSecret(key)).as(key).isTrue();
      assertThat(ConfigPrinter.render(Map.of(key, "hunter2"))).doesNotContain("hunter2");
    }
  }

  @Test
  void settingsRecordsNeverPrintClientPropertyValues() {
    Map<String, String> secrets = Map.of("sasl.jaas.config", "password=\"hunter2\";");
    String replay =
        new io.tally.replay.ReplaySettings(
                "b:9092",
                "t",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                io.tally.replay.ReplaySettings.defaults("b:9092").speed(),
                java.time.Duration.ofSeconds(2),
                secrets)
            .toString();
    String streams =
        io.tally.runtime.TallyStreamsConfig.defaults("b:9092", java.nio.file.Path.of("/tmp/s"))
            .withOverrides(secrets)
            .toString();
    assertThat(replay).contains("sasl.jaas.config").doesNotContain("hunter2");
    assertThat(streams).contains("sasl.jaas.config").doesNotContain("hunter2");
  }

  @Test
  void ordinarySettingsStayVisible() {
    for (String key :
        new String[] {
          "bootstrap.servers",
          "kafka.security.protocol",
          "kafka.sasl.mechanism",
          "kafka.ssl.truststore.location",
          "kafka.group.instance.id",
          "application.id"
        }) {
      assertThat(SecretKeys.isSecret(key)).as(key).isFalse();
    }
  }
}
