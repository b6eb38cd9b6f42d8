package io.siprec.srs.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The settings in effect, read once and validated as a whole: a server with a bad setting refuses
 * to start and names every bad value, rather than failing on the first call that needs it.
 */
public final class Settings {

  /** Name of our own settings file inside the configuration directory. */
  public static final String FILE_NAME = "srs.properties";

  /** Where the configuration directory is, as a system property or (upper-cased) env variable. */
  public static final String CONFIG_DIR_KEY = "srs.config.dir";

  /**
   * The stored form of the console password (io.siprec.srs.admin.auth.PasswordHash writes it): 6
   * digits or more of iterations keep hashes below {@value #MIN_HASH_ITERATIONS} out.
   */
  private static final Pattern PASSWORD_HASH =
      Pattern.compile("pbkdf2-sha256:[1-9][0-9]{5,8}:[A-Za-z0-9+/]{16,}={0,2}:[A-Za-z0-9+/]{43}=");

  static final int MIN_HASH_ITERATIONS = 100_000;

  /** The encrypted archive format's limit on a key id (EncryptedRecordingFormat, consumer kit). */
  private static final int MAX_KEY_ID_BYTES = 255;

  private final Map<Setting, String> values;
  private final Map<Setting, String> origins;
  private final Path configDir;

  private Settings(Map<Setting, String> values, Map<Setting, String> origins, Path configDir) {
    this.values = Collections.unmodifiableMap(values);
    this.origins = Collections.unmodifiableMap(origins);
    this.configDir = configDir;
  }

  /** Reads the settings from this process's system properties, environment and config directory. */
  public static Settings load() {
    return load(System.getProperties()::getProperty, System.getenv()::get, locateConfigDir());
  }

  /**
   * Reads settings from explicit sources; the seam tests use.
   *
   * @param configDir directory holding {@value #FILE_NAME}; may be null or lack the file
   */
  public static Settings load(
      Function<String, String> systemProperties,
      Function<String, String> environment,
      Path configDir) {
    Properties file = readFile(configDir);
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    Map<Setting, String> origins = new EnumMap<>(Setting.class);
    List<String> problems = new ArrayList<>();
    for (Setting s : Setting.values()) {
      String value = systemProperties.apply(s.key());
      String origin = "system property " + s.key();
      if (value == null) {
        value = environment.apply(s.environmentName());
        origin = "environment " + s.environmentName();
      }
      if (value == null) {
        value = file.getProperty(s.key());
        origin = FILE_NAME;
      }
      if (value == null) {
        value = s.defaultValue();
        origin = "default";
      }
      value = value.trim();
      String problem = validate(s, value);
      if (problem != null) {
        problems.add(
            s.key() + "=" + (s.isSecret() ? "***" : value) + " (" + origin + "): " + problem);
      }
      values.put(s, value);
      origins.put(s, origin);
    }
    for (String key : file.stringPropertyNames()) {
      if (Arrays.stream(Setting.values()).noneMatch(s -> s.key().equals(key))) {
        problems.add(key + " in " + FILE_NAME + ": unknown setting");
      }
    }
    Settings settings = new Settings(values, origins, configDir);
    // Checks across settings, where each value on its own parsed.
    if (parses(values, Setting.MEDIA_PORT_MIN)
        && parses(values, Setting.MEDIA_PORT_MAX)
        && settings.intValue(Setting.MEDIA_PORT_MIN) >= settings.intValue(Setting.MEDIA_PORT_MAX)) {
      problems.add("srs.media.port-min must be below srs.media.port-max");
    }
    if (parses(values, Setting.AUDIO_SAMPLE_RATE)) {
      int rate = settings.intValue(Setting.AUDIO_SAMPLE_RATE);
      if (rate != 8000 && rate != 16000) {
        problems.add("srs.audio.sample-rate must be 8000 or 16000");
      }
    }
    if (parses(values, Setting.AUDIO_CHUNK_MS)) {
      int chunkMs = settings.intValue(Setting.AUDIO_CHUNK_MS);
      if (chunkMs < 10 || chunkMs > 1000) {
        problems.add("srs.audio.chunk-ms must be between 10 and 1000");
      }
    }
    String node = values.get(Setting.NODE_ID);
    if (!node.isEmpty() && !node.matches("[A-Za-z0-9._-]{1,64}")) {
      problems.add("srs.node.id must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    if (parses(values, Setting.CLUSTER_HEARTBEAT_MS)
        && parses(values, Setting.CLUSTER_NODE_TIMEOUT_MS)
        && settings.intValue(Setting.CLUSTER_HEARTBEAT_MS) > 0
        && settings.intValue(Setting.CLUSTER_NODE_TIMEOUT_MS)
            <= settings.intValue(Setting.CLUSTER_HEARTBEAT_MS)) {
      problems.add("srs.cluster.node-timeout-ms must be more than srs.cluster.heartbeat-ms");
    }
    if (parses(values, Setting.SIP_TLS_PROTOCOLS)
        && parses(values, Setting.SIP_TLS_CIPHER_SUITES)) {
      problems.addAll(
          SipTlsOffer.problems(
              settings.listValue(Setting.SIP_TLS_PROTOCOLS),
              settings.listValue(Setting.SIP_TLS_CIPHER_SUITES)));
    }
    problems.addAll(archiveEncryptionProblems(values));
    String user = values.get(Setting.ADMIN_USER);
    if (user.isEmpty() || user.contains(":")) {
      problems.add("srs.admin.user must be a non-empty name without ':' (HTTP Basic splits there)");
    }
    String hash = values.get(Setting.ADMIN_PASSWORD_HASH);
    if (!hash.isEmpty() && !PASSWORD_HASH.matcher(hash).matches()) {
      problems.add(
          "srs.admin.password-hash=*** must be pbkdf2-sha256:<iterations>:<salt>:<hash> as made by "
              + "io.siprec.srs.admin.auth.HashAdminPassword, with at least "
              + MIN_HASH_ITERATIONS
              + " iterations");
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return settings;
  }

  /**
   * What encryption at rest needs before its keystore is opened (the archive opens it at start and
   * checks the key itself): a keystore, a password file, a key id that fits the file header.
   */
  private static List<String> archiveEncryptionProblems(Map<Setting, String> values) {
    List<String> problems = new ArrayList<>();
    if (!"true".equals(values.get(Setting.ARCHIVE_ENABLED))
        || !"true".equals(values.get(Setting.ARCHIVE_ENCRYPTION_ENABLED))) {
      return problems;
    }
    for (Setting needed :
        List.of(
            Setting.ARCHIVE_KEYSTORE,
            Setting.ARCHIVE_KEYSTORE_PASSWORD_FILE,
            Setting.ARCHIVE_ENCRYPTION_KEY_ID)) {
      if (values.get(needed).isEmpty()) {
        problems.add("srs.archive.encryption.enabled=true needs " + needed.key());
      }
    }
    int keyIdBytes =
        values.get(Setting.ARCHIVE_ENCRYPTION_KEY_ID).getBytes(StandardCharsets.UTF_8).length;
    if (keyIdBytes > MAX_KEY_ID_BYTES) {
      problems.add(
          "srs.archive.encryption.key-id is "
              + keyIdBytes
              + " bytes long; an encrypted file's header holds at most "
              + MAX_KEY_ID_BYTES);
    }
    return problems;
  }

  private static boolean parses(Map<Setting, String> values, Setting s) {
    return validate(s, values.get(s)) == null;
  }

  /** The configuration directory: {@code srs.config.dir} / {@code SRS_CONFIG_DIR}, else null. */
  public static Path locateConfigDir() {
    String dir = System.getProperty(CONFIG_DIR_KEY);
    if (dir == null) {
      dir = System.getenv(Setting.environmentName(CONFIG_DIR_KEY));
    }
    return dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath();
  }

  private static Properties readFile(Path configDir) {
    Properties properties = new Properties();
    if (configDir == null) {
      return properties;
    }
    Path file = configDir.resolve(FILE_NAME);
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new InvalidSettingsException(List.of("cannot read " + file + ": " + e.getMessage()));
      }
    }
    return properties;
  }

  private static String validate(Setting s, String value) {
    switch (s.kind()) {
      case BOOLEAN:
        return value.equals("true") || value.equals("false") ? null : "must be true or false";
      case PORT:
        return intIn(value, 1, 65535);
      case POSITIVE_INT:
        return intIn(value, 1, Integer.MAX_VALUE);
      case NON_NEGATIVE_INT:
        return intIn(value, 0, Integer.MAX_VALUE);
      case ADDRESS:
        return value.isEmpty() ? "must be an IP address" : address(value);
      case OPTIONAL_ADDRESS:
        return value.isEmpty() ? null : address(value);
      case LIST:
        return value.isEmpty() ? "must list at least one value" : null;
      case ADDRESS_RANGES:
        return addressRanges(value);
      default:
        return null;
    }
  }

  private static String addressRanges(String value) {
    for (String part : value.split(",")) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int slash = entry.indexOf('/');
      String problem = address(slash < 0 ? entry : entry.substring(0, slash));
      if (problem == null && slash >= 0) {
        problem = intIn(entry.substring(slash + 1), 0, entry.contains(":") ? 128 : 32);
      }
      if (problem != null) {
        return "'" + entry + "' " + problem;
      }
    }
    return null;
  }

  private static String intIn(String value, int min, int max) {
    try {
      int v = Integer.parseInt(value);
      return v < min || v > max ? "must be between " + min + " and " + max : null;
    } catch (NumberFormatException e) {
      return "must be a whole number";
    }
  }

  private static String address(String value) {
    // Literal addresses only: a name would make start-up depend on DNS.
    if (!value.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return "must be a literal IPv4 or IPv6 address";
    }
    try {
      InetAddress.getByName(value);
      return null;
    } catch (UnknownHostException e) {
      return "not a valid IP address";
    }
  }

  public String get(Setting s) {
    return values.get(s);
  }

  public int intValue(Setting s) {
    return Integer.parseInt(values.get(s));
  }

  public boolean booleanValue(Setting s) {
    return Boolean.parseBoolean(values.get(s));
  }

  public List<String> listValue(Setting s) {
    List<String> out = new ArrayList<>();
    for (String part : values.get(s).split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** The value, or the value of {@code fallback} when this one is empty. */
  public String getOr(Setting s, Setting fallback) {
    String v = values.get(s);
    return v.isEmpty() ? values.get(fallback) : v;
  }

  public Path configDir() {
    return configDir;
  }

  /** Every setting with its effective value (secrets masked) and where the value came from. */
  public Map<String, String[]> describe() {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      String v = values.get(s);
      out.put(
          s.key(), new String[] {s.isSecret() && !v.isEmpty() ? "********" : v, origins.get(s)});
    }
    return out;
  }

  /** Every setting as key/value, unmasked: for templating configuration files. */
  public Map<String, String> asMap() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((s, v) -> out.put(s.key(), v));
    return out;
  }
}
