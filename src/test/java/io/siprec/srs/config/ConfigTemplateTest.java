package io.siprec.srs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTemplateTest {

  @Test
  void fillsPlaceholdersAndEscapesForXml() {
    String out = ConfigTemplate.render("<a p=\"${srs.x}\" q=\"${srs.y-z}\">$HOME ${other}</a>",
        Map.of("srs.x", "1", "srs.y-z", "a&\"b"), "server.xml");
    assertThat(out).isEqualTo("<a p=\"1\" q=\"a&amp;&quot;b\">$HOME ${other}</a>");
  }

  @Test
  void propertiesFilesAreNotEscaped() {
    assertThat(ConfigTemplate.render("k=${srs.x}", Map.of("srs.x", "a&b"), "stack.properties")).isEqualTo("k=a&b");
  }

  @Test
  void conditionalPartsAreKeptOnlyWhenTheirFlagIsTrue() {
    String template = "a\n<!-- srs:if srs.on -->\nkept ${srs.x}\n<!-- srs:end -->\n# srs:if srs.off\ndropped\n# srs:end\nb\n";
    String out = ConfigTemplate.render(template, Map.of("srs.on", "true", "srs.off", "false", "srs.x", "1"),
        "stack.properties");
    assertThat(out).isEqualTo("a\nkept 1\nb\n");
    assertThatThrownBy(() -> ConfigTemplate.render("# srs:if srs.on\nx\n", Map.of("srs.on", "true"), "f"))
        .hasMessageContaining("srs:if without srs:end");
    assertThatThrownBy(() -> ConfigTemplate.render("# srs:if srs.nope\n# srs:end\n", Map.of(), "f"))
        .hasMessageContaining("unknown flag srs.nope");
  }

  @Test
  void anUnknownPlaceholderIsAnError() {
    assertThatThrownBy(() -> ConfigTemplate.render("${srs.nope}", Map.of(), "broker.xml"))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("broker.xml: unknown placeholder ${srs.nope}");
  }

  @Test
  void everyShippedFileRendersWithTheDefaults() throws Exception {
    Map<String, String> values = io.siprec.srs.launcher.ContainerBaseAccess.templateValues(
        Settings.load(k -> null, k -> null, null));
    values.put("srs.broker.data-dir", "/tmp/x");
    for (String file : new String[] {"server.xml", "mss-sip-stack.properties", "broker.xml"}) {
      String text = java.nio.file.Files.readString(java.nio.file.Path.of("server-config", file));
      assertThat(ConfigTemplate.render(text, values, file)).doesNotContainPattern("\\$\\{srs\\.[a-z]");
    }
  }
}
