package io.siprec.srs.delivery.archive;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The archive's settings, read once at start.
 *
 * @param root where the day folders go: {@code srs.archive.dir}, else {@code
 *     <srs.runtime.dir>/recordings}, else a folder in the system's temporary directory
 * @param retentionDays days a recording is kept; 0 keeps it forever
 * @param retentionPolicy the file of retention rules ({@code srs.archive.retention-policy}), or
 *     null: every recording is kept {@code retentionDays}
 * @param backlog chunks and events that may wait for the disk; more are dropped and counted
 * @param minFreeBytes free space below which {@code ARCHIVE_LOW_SPACE} is raised; 0 never
 * @param signing where the key that signs manifests is; {@link Signing#OFF} without one
 */
record ArchiveOptions(
    boolean enabled,
    Path root,
    int retentionDays,
    Path retentionPolicy,
    int backlog,
    long minFreeBytes,
    Signing signing) {

  /**
   * The manifest signing key's place: {@code srs.archive.keystore}, the file holding its password
   * ({@code srs.archive.keystore-password-file}) and the alias ({@code
   * srs.archive.signing.key-id}); empty strings when not set.
   */
  record Signing(String keystore, String passwordFile, String keyId) {
    static final Signing OFF = new Signing("", "", "");

    boolean isOn() {
      return !keyId.isEmpty();
    }
  }

  static ArchiveOptions from(Settings settings) {
    boolean enabled = settings.booleanValue(Setting.ARCHIVE_ENABLED);
    return new ArchiveOptions(
        enabled,
        enabled ? directory(settings) : null,
        settings.intValue(Setting.ARCHIVE_RETENTION_DAYS),
        settings.get(Setting.ARCHIVE_RETENTION_POLICY).isBlank()
            ? null
            : Path.of(settings.get(Setting.ARCHIVE_RETENTION_POLICY)).toAbsolutePath(),
        settings.intValue(Setting.ARCHIVE_BACKLOG),
        settings.intValue(Setting.ARCHIVE_MIN_FREE_MB) * 1024L * 1024L,
        new Signing(
            settings.get(Setting.ARCHIVE_KEYSTORE),
            settings.get(Setting.ARCHIVE_KEYSTORE_PASSWORD_FILE),
            settings.get(Setting.ARCHIVE_SIGNING_KEY_ID)));
  }

  private static Path directory(Settings settings) {
    String configured = settings.get(Setting.ARCHIVE_DIR);
    if (!configured.isEmpty()) {
      return Path.of(configured).toAbsolutePath();
    }
    String runtime = settings.get(Setting.RUNTIME_DIR);
    if (!runtime.isEmpty()) {
      return Path.of(runtime, "recordings").toAbsolutePath();
    }
    Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "srs-recordings");
    LoggerFactory.getLogger(RecordingArchive.class)
        .warn("no srs.archive.dir nor srs.runtime.dir set: recordings go to {}", fallback);
    return fallback;
  }
}
