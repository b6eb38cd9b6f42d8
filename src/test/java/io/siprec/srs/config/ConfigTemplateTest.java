package io.siprec.srs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.launcher.ContainerBaseAccess;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigTemplateTest {

  @Test
  void fillsPlaceholdersAndEscapesForXml() {
    String out =
        ConfigTemplate.render(
            "<a p=\"${srs.x}\" q=\"${srs.y-z}\">$HOME ${other}</a>",
            Map.of("srs.x", "1", "srs.y-z", "a&\"b"),
            "server.xml");
    assertThat(out).isEqualTo("<a p=\"1\" q=\"a&amp;&quot;b\">$HOME ${other}</a>");
  }

  @Test
  void propertiesFilesAreNotEscaped() {
    assertThat(ConfigTemplate.render("k=${srs.x}", Map.of("srs.x", "a&b"), "stack.properties"))
        .isEqualTo("k=a&b");
  }

  @Test
  void conditionalPartsAreKeptOnlyWhenTheirFlagIsTrue() {
    String template =
        "a\n<!-- srs:if srs.on -->\nkept ${srs.x}\n<!-- srs:end -->\n# srs:if srs.off\ndropped\n# srs:end\nb\n";
    String out =
        ConfigTemplate.render(
            template,
            Map.of("srs.on", "true", "srs.off", "false", "srs.x", "1"),
            "stack.properties");
    assertThat(out).isEqualTo("a\nkept 1\nb\n");
    assertThatThrownBy(
            () -> ConfigTemplate.render("# srs:if srs.on\nx\n", Map.of("srs.on", "true"), "f"))
        .hasMessageContaining("srs:if without srs:end");
    assertThatThrownBy(() -> ConfigTemplate.render("# srs:if srs.nope\n# srs:end\n", Map.of(), "f"))
        .hasMessageContaining("unknown flag srs.nope");
  }

  @Test
  void anUnknownPlaceholderIsAnError() {
    assertThatThrownBy(() -> ConfigTemplate.render("${srs.nope}", Map.of(), "broker.xml"))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("broker.xml: unknown placeholder ${srs.nope}");
  }

  @Test
  void everyShippedFileRendersWithTheDefaults() throws Exception {
    Map<String, String> values =
        ContainerBaseAccess.templateValues(Settings.load(k -> null, k -> null, null));
    values.put("srs.broker.data-dir", "/tmp/x");
    for (String file : new String[] {"server.xml", "mss-sip-stack.properties", "broker.xml"}) {
      String text = Files.readString(Path.of("server-config", file));
      assertThat(ConfigTemplate.render(text, values, file))
          .doesNotContainPattern("\\$\\{srs\\.[a-z]");
    }
  }

  @Test
  void theSipStackIsGivenTheOfferedTlsVersionsAndSuites() throws Exception {
    Settings settings =
        Settings.load(
            Map.of(
                    "srs.sip.tls.protocols",
                    "TLSv1.3",
                    "srs.sip.tls.cipher-suites",
                    "TLS_AES_128_GCM_SHA256,TLS_CHACHA20_POLY1305_SHA256")
                ::get,
            k -> null,
            null);
    Map<String, String> values = ContainerBaseAccess.templateValues(settings);
    values.put(
        "srs.sip.tls.enabled", "true"); // without a port and keystore, as only the text is wanted
    String text = Files.readString(Path.of("server-config", "mss-sip-stack.properties"));

    Properties stack = new Properties();
    stack.load(new StringReader(ConfigTemplate.render(text, values, "mss-sip-stack.properties")));

    // The two JAIN-SIP 1.3.0-91 keys its NIO TLS channel applies to every SSLEngine, server side
    // included.
    assertThat(stack.getProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS")).isEqualTo("TLSv1.3");
    assertThat(stack.getProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES"))
        .isEqualTo("TLS_AES_128_GCM_SHA256,TLS_CHACHA20_POLY1305_SHA256");
  }
}
