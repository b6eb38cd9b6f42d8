package io.siprec.srs.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * Holds docker/ to the server it packages, since no Docker engine ever runs these files here: every
 * SRS_* name they use is a real setting (or one of the entry point's own few), the ports the image
 * exposes are the settings' defaults, each compose node's settings load without a problem through
 * the server's own {@link Settings}, the nodes' published ports are the ones their settings make
 * them use, and the broker pair offers the queues and policies the server needs.
 */
class DockerFilesTest {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path DOCKER = PROJECT.resolve("docker");

  /** Variables of entrypoint.sh itself, documented in its header and in docs/docker.md. */
  static final Set<String> ENTRYPOINT_VARIABLES =
      Set.of("SRS_HOME", "SRS_BIND_ADDRESS", "SRS_ADVERTISED_ADDRESS");

  private static final String CONFIG_DIR_VARIABLE =
      Settings.CONFIG_DIR_KEY.replace('.', '_').toUpperCase();
  private static final Pattern SRS_NAME = Pattern.compile("\\bSRS_[A-Z0-9_]+\\b");
  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Z_]+)(?::?[-?]([^}]*))?}");
  private static final List<String> NODES = List.of("srs-1", "srs-2");

  @Test
  void everySrsVariableIsASettingOrOneOfTheEntryPointsOwn() throws IOException {
    Set<String> settings =
        Arrays.stream(Setting.values()).map(Setting::environmentName).collect(Collectors.toSet());
    assertThat(ENTRYPOINT_VARIABLES)
        .as("entry point variables must not shadow settings")
        .doesNotContainAnyElementsOf(settings);
    Set<String> known = new TreeSet<>(settings);
    known.addAll(ENTRYPOINT_VARIABLES);
    known.add(CONFIG_DIR_VARIABLE);
    for (String file : List.of("Dockerfile", "entrypoint.sh", "compose.yaml")) {
      Set<String> used = srsNames(read(DOCKER.resolve(file)));
      assertThat(used).as("SRS_* names in docker/%s", file).isNotEmpty();
      assertThat(known).as("SRS_* names in docker/%s that are no setting", file).containsAll(used);
    }
    String guide = read(PROJECT.resolve("docs/docker.md"));
    for (String own : ENTRYPOINT_VARIABLES) {
      assertThat(guide).as("docs/docker.md documents %s", own).contains("`" + own + "`");
      assertThat(read(DOCKER.resolve("entrypoint.sh"))).contains("#   " + own);
    }
  }

  @Test
  void imageExposesTheDefaultPortsOfTheSettings() throws IOException {
    Set<String> exposed = new LinkedHashSet<>();
    for (String line : instructions("EXPOSE")) {
      exposed.addAll(Arrays.asList(line.split("\\s+")));
    }
    String sip = Setting.SIP_PORT.defaultValue();
    assertThat(exposed)
        .containsExactlyInAnyOrder(
            sip + "/udp",
            sip + "/tcp",
            Setting.MEDIA_PORT_MIN.defaultValue()
                + "-"
                + Setting.MEDIA_PORT_MAX.defaultValue()
                + "/udp",
            Setting.ADMIN_PORT.defaultValue() + "/tcp",
            Setting.BROKER_PORT.defaultValue() + "/tcp");
  }

  @Test
  void imageRunsAsAFixedNonRootUserThroughTheEntryPoint() throws IOException {
    List<String> users = instructions("USER");
    assertThat(users).hasSize(1);
    String uid = users.get(0).split(":")[0];
    assertThat(uid).matches("[1-9][0-9]{3,}");
    assertThat(read(DOCKER.resolve("Dockerfile"))).contains("--uid " + uid);
    assertThat(instructions("ENTRYPOINT")).containsExactly("[\"/opt/srs/entrypoint.sh\"]");
    assertThat(instructions("HEALTHCHECK"))
        .singleElement()
        .asString()
        .contains("--start-period=")
        .endsWith("CMD [\"/opt/srs/entrypoint.sh\", \"health\"]");
    assertThat(instructions("ENV"))
        .singleElement()
        .asString()
        .contains(
            "SRS_HOME=/opt/srs",
            CONFIG_DIR_VARIABLE + "=/opt/srs/server-config",
            Setting.RUNTIME_DIR.environmentName() + "=/var/lib/srs");
    assertThat(Files.isExecutable(DOCKER.resolve("entrypoint.sh")))
        .as("entrypoint.sh is executable")
        .isTrue();
  }

  @Test
  void baseImagesArePinnedAndCopiedSourcesAreInTheBuildContext() throws IOException {
    List<String> from = instructions("FROM");
    assertThat(from).hasSize(2);
    for (String image : from) {
      String tag = image.split("\\s+")[0].split(":", 2)[1];
      assertThat(tag).as(image).matches(".*\\d+\\.\\d+.*").doesNotContain("latest");
    }
    List<String> ignore =
        read(DOCKER.resolve("Dockerfile.dockerignore"))
            .lines()
            .filter(l -> l.startsWith("!"))
            .map(l -> l.substring(1).replaceAll("/$", ""))
            .toList();
    int sources = 0;
    for (String copy : instructions("COPY")) {
      if (copy.startsWith("--from=")) {
        continue;
      }
      String[] parts = copy.split("\\s+");
      for (int i = 0; i < parts.length - 1; i++) {
        String source = parts[i];
        assertThat(PROJECT.resolve(source)).as("COPY source %s", source).exists();
        assertThat(ignore)
            .as("COPY source %s is let through Dockerfile.dockerignore", source)
            .contains(source);
        sources++;
      }
    }
    assertThat(sources).as("COPY sources from the build context checked").isPositive();
  }

  @Test
  void eachNodesSettingsLoadAndItsPublishedPortsAreTheOnesItUses() throws IOException {
    Map<String, Object> compose = compose();
    List<int[]> mediaRanges = new ArrayList<>();
    for (String node : NODES) {
      Map<String, Object> service = service(compose, node);
      Map<String, String> env = environment(service);
      // The entry point fills these from the container's address; any literal IP stands in.
      env.putIfAbsent("SRS_SIP_ADDRESS", "192.0.2.10");
      env.putIfAbsent("SRS_MEDIA_ADDRESS", "192.0.2.10");
      env.putIfAbsent("SRS_ADMIN_ADDRESS", "192.0.2.10");
      Settings settings = Settings.load(k -> null, env::get, PROJECT.resolve("server-config"));
      assertThat(settings.booleanValue(Setting.JMS_EMBEDDED_BROKER)).as(node).isFalse();

      Set<String> published = new LinkedHashSet<>();
      for (Object port : (List<?>) service.get("ports")) {
        String[] p = port.toString().split(":");
        assertThat(p).as("%s publishes %s as interface:host:container", node, port).hasSize(3);
        assertThat(p[1] + "/" + p[2].split("/")[1])
            .as(
                "%s: host and container port are the same (Contact and SDP "
                    + "carry the container's)",
                node)
            .isEqualTo(p[2]);
        published.add(p[2]);
      }
      int sip = settings.intValue(Setting.SIP_PORT);
      int min = settings.intValue(Setting.MEDIA_PORT_MIN);
      int max = settings.intValue(Setting.MEDIA_PORT_MAX);
      assertThat(published)
          .as(node)
          .containsExactlyInAnyOrder(
              sip + "/udp",
              sip + "/tcp",
              min + "-" + max + "/udp",
              settings.intValue(Setting.ADMIN_PORT) + "/tcp");
      for (int[] other : mediaRanges) {
        assertThat(min > other[1] || max < other[0])
            .as("%s's RTP range %d-%d overlaps another node's", node, min, max)
            .isTrue();
      }
      mediaRanges.add(new int[] {min, max});

      // Its broker URL names the compose file's brokers, on the port their acceptor opens.
      String url = settings.get(Setting.JMS_URL);
      Matcher m = Pattern.compile("tcp://([a-z0-9-]+):(\\d+)").matcher(url);
      int brokers = 0;
      while (m.find()) {
        brokers++;
        assertThat(services(compose))
            .as("broker %s in %s's URL", m.group(1), node)
            .containsKey(m.group(1));
        assertThat(acceptorPort(brokerXml(compose, m.group(1)))).isEqualTo(m.group(2));
      }
      assertThat(brokers).as(url).isEqualTo(2);
      assertThat(url).contains("ha=true");
    }
  }

  @Test
  void theConsoleIsPublishedOnTheHostsLoopbackOnly() throws IOException {
    Map<String, Object> compose = compose();
    for (String node : NODES) {
      Map<String, Object> service = service(compose, node);
      String port = environment(service).get("SRS_ADMIN_PORT");
      List<String> console =
          ((List<?>) service.get("ports"))
              .stream().map(Object::toString).filter(p -> p.endsWith(":" + port + "/tcp")).toList();
      assertThat(console)
          .as(
              "%s publishes its console once, on 127.0.0.1 (plain HTTP with a password login: a TLS "
                  + "proxy opens it, docs/docker.md)",
              node)
          .containsExactly("127.0.0.1:" + port + ":" + port + "/tcp");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void nodesUseTheBuiltImageItsHealthCheckAndWaitForHealthyBrokers() throws IOException {
    Map<String, Object> compose = compose();
    String version = pomVersion();
    for (String node : NODES) {
      Map<String, Object> service = service(compose, node);
      assertThat(service.get("image")).isEqualTo("siprec-srs:" + version);
      assertThat(((Map<?, ?>) service.get("build")).get("dockerfile"))
          .isEqualTo("docker/Dockerfile");
      assertThat(((Map<?, ?>) service.get("healthcheck")).get("test"))
          .isEqualTo(List.of("CMD", "/opt/srs/entrypoint.sh", "health"));
      Map<?, ?> dependsOn = (Map<?, ?>) service.get("depends_on");
      assertThat(((Map<?, ?>) dependsOn.get("broker-primary")).get("condition"))
          .isEqualTo("service_healthy");
      assertThat((List<?>) service.get("volumes"))
          .anySatisfy(v -> assertThat(v.toString()).endsWith(":/var/lib/srs"));
    }
    Map<String, Object> consumer = service(compose, "consumer");
    assertThat(consumer.get("image")).isEqualTo("siprec-srs:" + version);
    assertThat((List<Object>) consumer.get("entrypoint"))
        .contains("/opt/srs-consumer/srs-consumer.jar");
    // Its broker login goes in the environment: a command line is readable by every process.
    assertThat((List<Object>) consumer.get("command"))
        .noneSatisfy(arg -> assertThat(arg.toString()).contains("PASSWORD"));
    assertThat(((Map<?, ?>) consumer.get("environment")).get("BROKER_PASSWORD").toString())
        .contains("BROKER_PASSWORD");
    assertThat(read(DOCKER.resolve("Dockerfile")))
        .contains("/build/target/srs-consumer /opt/srs-consumer");
    for (String node : NODES) {
      assertThat(((Map<?, ?>) ((Map<?, ?>) consumer.get("depends_on")).get(node)).get("condition"))
          .isEqualTo("service_healthy");
    }
  }

  @Test
  void brokerPairSharesOneStoreAndOffersTheServersQueuesAndPolicies() throws Exception {
    Map<String, Object> compose = compose();
    Document primary = brokerXml(compose, "broker-primary");
    Document backup = brokerXml(compose, "broker-backup");
    assertThat(primary.getElementsByTagName("primary").getLength()).isEqualTo(1);
    assertThat(backup.getElementsByTagName("backup").getLength()).isEqualTo(1);
    for (String dir :
        List.of(
            "journal-directory",
            "bindings-directory",
            "paging-directory",
            "large-messages-directory")) {
      String path = text(primary, dir);
      assertThat(text(backup, dir)).isEqualTo(path);
      for (String broker : List.of("broker-primary", "broker-backup")) {
        assertThat((List<?>) service(compose, broker).get("volumes"))
            .as("%s mounts the shared store holding %s", broker, path)
            .anySatisfy(v -> assertThat(path).startsWith(v.toString().split(":")[1] + "/"));
      }
    }
    for (Document broker : List.of(primary, backup)) {
      Set<String> queues = new LinkedHashSet<>();
      NodeList list = broker.getElementsByTagName("queue");
      for (int i = 0; i < list.getLength(); i++) {
        queues.add(((Element) list.item(i)).getAttribute("name"));
      }
      assertThat(queues)
          .contains(
              Setting.JMS_AUDIO_QUEUE.defaultValue(), Setting.JMS_EVENTS_QUEUE.defaultValue());
      assertThat(policyOf(broker, Setting.JMS_AUDIO_QUEUE.defaultValue())).isEqualTo("DROP");
      assertThat(policyOf(broker, Setting.JMS_EVENTS_QUEUE.defaultValue())).isEqualTo("PAGE");
      assertThat(text(broker, "persist-id-cache")).isEqualTo("true");
    }
  }

  // --- reading the files ------------------------------------------------------------------------

  private static Set<String> srsNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = SRS_NAME.matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  /** The arguments of each instruction of the Dockerfile, continuation lines joined. */
  private static List<String> instructions(String keyword) throws IOException {
    String joined = read(DOCKER.resolve("Dockerfile")).replaceAll("\\\\\\n\\s*", " ");
    List<String> found = new ArrayList<>();
    for (String line : joined.lines().toList()) {
      if (line.startsWith(keyword + " ")) {
        found.add(line.substring(keyword.length() + 1).strip().replaceAll("\\s+", " "));
      }
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> compose() throws IOException {
    return new Yaml().load(read(DOCKER.resolve("compose.yaml")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services(Map<String, Object> compose) {
    return (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(Map<String, Object> compose, String name) {
    Map<String, Object> service = (Map<String, Object>) services(compose).get(name);
    assertThat(service).as("service %s in compose.yaml", name).isNotNull();
    return service;
  }

  /** A service's environment with compose's ${VAR:-default} and ${VAR:?message} filled in. */
  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    Map<?, ?> declared = (Map<?, ?>) service.get("environment");
    Map<String, String> values = new HashMap<>(Map.of("BROKER_PASSWORD", "a-broker-password"));
    for (Map.Entry<?, ?> e : declared.entrySet()) {
      Matcher m = INTERPOLATION.matcher(String.valueOf(e.getValue()));
      StringBuilder value = new StringBuilder();
      while (m.find()) {
        String given = values.get(m.group(1));
        m.appendReplacement(
            value,
            Matcher.quoteReplacement(
                given != null
                    ? given
                    : m.group(2) == null ? "" : m.group(0).contains(":?") ? "" : m.group(2)));
      }
      m.appendTail(value);
      if (!value.isEmpty()) {
        env.put(e.getKey().toString(), value.toString());
      }
    }
    return env;
  }

  private static Document brokerXml(Map<String, Object> compose, String broker) {
    for (Object volume : (List<?>) service(compose, broker).get("volumes")) {
      String[] parts = volume.toString().split(":");
      if (parts[1].endsWith("/etc-override/broker.xml")) {
        try {
          DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
          f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
          return f.newDocumentBuilder().parse(DOCKER.resolve(parts[0]).toFile());
        } catch (Exception e) {
          throw new AssertionError("cannot read " + parts[0] + " of " + broker, e);
        }
      }
    }
    throw new AssertionError(broker + " mounts no broker.xml");
  }

  private static String acceptorPort(Document broker) {
    Matcher m = Pattern.compile("tcp://[^:]+:(\\d+)").matcher(text(broker, "acceptor"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String policyOf(Document broker, String address) {
    NodeList settings = broker.getElementsByTagName("address-setting");
    for (int i = 0; i < settings.getLength(); i++) {
      Element s = (Element) settings.item(i);
      if (s.getAttribute("match").equals(address)) {
        return s.getElementsByTagName("address-full-policy").item(0).getTextContent().strip();
      }
    }
    throw new AssertionError("no address-setting for " + address);
  }

  private static String text(Document doc, String tag) {
    NodeList list = doc.getElementsByTagName(tag);
    assertThat(list.getLength()).as("<%s>", tag).isEqualTo(1);
    return list.item(0).getTextContent().strip();
  }

  private static String pomVersion() throws IOException {
    Matcher m =
        Pattern.compile("<artifactId>siprec-srs</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(read(PROJECT.resolve("pom.xml")));
    assertThat(m.find()).as("project version in pom.xml").isTrue();
    return m.group(1);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
