package io.siprec.srs.config;

import java.util.Locale;

/**
 * Every setting the server reads: its key, default and meaning. This enum is the single source that
 * the loader validates against and that the settings reference in the docs is checked against, so a
 * setting cannot exist in one place only.
 *
 * <p>A value is looked up, first match wins, as the system property of the key ({@code
 * -Dsrs.sip.port=5070}), the environment variable named by {@link #environmentName()} ({@code
 * SRS_SIP_PORT=5070}), the key in {@code srs.properties} of the configuration directory, and
 * finally the default here.
 */
public enum Setting {
  // --- SIP signalling --------------------------------------------------------------------------
  SIP_ADDRESS(
      "srs.sip.address",
      "127.0.0.1",
      Kind.ADDRESS,
      "Address the SIP connectors listen on, IPv4 or IPv6 (::1 for IPv6 loopback). Loopback until the operator opens it."),
  SIP_PUBLIC_ADDRESS(
      "srs.sip.public-address",
      "",
      Kind.OPTIONAL_ADDRESS,
      "Address written into Via/Contact when the server sits behind NAT; empty means srs.sip.address."),
  SIP_PORT(
      "srs.sip.port",
      "5060",
      Kind.PORT,
      "SIP port, shared by the UDP and TCP connectors declared in server.xml."),
  SIP_MAX_BODY_BYTES(
      "srs.sip.max-body-bytes",
      "262144",
      Kind.POSITIVE_INT,
      "Largest request body accepted; a larger one is answered 413 unless it is multipart and its SDP part "
          + "alone is within this (the rest is metadata, under srs.metadata.max-bytes, or ignored)."),
  METADATA_MAX_BYTES(
      "srs.metadata.max-bytes",
      "131072",
      Kind.POSITIVE_INT,
      "Largest recording-metadata document read; a larger one is not parsed and the call is recorded without "
          + "it (metadataProblem oversize)."),
  SIP_ACCEPT_NON_SIPREC(
      "srs.sip.accept-non-siprec",
      "true",
      Kind.BOOLEAN,
      "Record an INVITE that carries SDP but no SIPREC marker (no Require: siprec, no +sip.src, no "
          + "metadata), as Cisco network-based recording sends. false answers such INVITEs 488."),

  // --- Admission -------------------------------------------------------------------------------
  SESSIONS_MAX(
      "srs.sessions.max",
      "1000",
      Kind.NON_NEGATIVE_INT,
      "Recording sessions at once; beyond it INVITEs get 503 with Retry-After and OPTIONS answers 503 "
          + "(0: no limit)."),
  SESSIONS_MAX_PER_SECOND(
      "srs.sessions.max-per-second",
      "100",
      Kind.NON_NEGATIVE_INT,
      "New recording sessions per second (a burst of one second's worth); beyond it 503 (0: no limit)."),
  ADMISSION_MAX_RTP_RECEIVE_BUSY_PERCENT(
      "srs.admission.max-rtp-receive-busy-percent",
      "85",
      Kind.NON_NEGATIVE_INT,
      "Measured headroom: new sessions get 503 while the busiest RTP receive thread spends this share "
          + "of its time working (sampled each second; 0: not watched)."),
  ADMISSION_MAX_AUDIO_BACKLOG_PERCENT(
      "srs.admission.max-audio-backlog-percent",
      "50",
      Kind.NON_NEGATIVE_INT,
      "Measured headroom: new sessions get 503 while this share of srs.jms.audio-backlog waits for a "
          + "connected broker (0: not watched)."),
  ADMISSION_MAX_AUDIO_CHUNK_AGE_MS(
      "srs.admission.max-audio-chunk-age-ms",
      "500",
      Kind.NON_NEGATIVE_INT,
      "Measured headroom: new sessions get 503 while the oldest audio chunk waiting for a connected "
          + "broker has waited this long (ms; 0: not watched)."),
  ADMISSION_MAX_MACHINE_CPU_PERCENT(
      "srs.admission.max-machine-cpu-percent",
      "0",
      Kind.NON_NEGATIVE_INT,
      "Measured headroom: new sessions get 503 while the whole machine's CPU is this busy (0: not "
          + "watched, the default: on a shared machine others' load would refuse our calls)."),
  SIP_TLS_PORT(
      "srs.sip.tls.port",
      "0",
      Kind.NON_NEGATIVE_INT,
      "SIP over TLS on this port (usually 5061), next to UDP and TCP; 0: no TLS. Needs srs.sip.tls.keystore."),
  SIP_TLS_KEYSTORE(
      "srs.sip.tls.keystore",
      "",
      Kind.STRING,
      "Keystore file with the server's certificate and private key (RSA or EC), for SIP over TLS."),
  SIP_TLS_KEYSTORE_PASSWORD(
      "srs.sip.tls.keystore-password", "", Kind.SECRET, "Password of the TLS keystore."),
  SIP_TLS_KEYSTORE_TYPE(
      "srs.sip.tls.keystore-type",
      "PKCS12",
      Kind.STRING,
      "Type of the TLS keystore: PKCS12 or JKS."),
  SIP_TLS_TRUSTSTORE(
      "srs.sip.tls.truststore",
      "",
      Kind.STRING,
      "Certificates trusted for SRC client certificates and for the SRCs we send BYE to; empty: the keystore."),
  SIP_TLS_TRUSTSTORE_PASSWORD(
      "srs.sip.tls.truststore-password",
      "",
      Kind.SECRET,
      "Password of the truststore; empty: the keystore's."),
  SIP_TLS_CLIENT_AUTH(
      "srs.sip.tls.client-auth",
      "none",
      Kind.STRING,
      "Client certificates from SRCs: none, want (asked for, checked if sent) or require."),
  SIP_TLS_PROTOCOLS(
      "srs.sip.tls.protocols",
      "TLSv1.3,TLSv1.2",
      Kind.LIST,
      "TLS versions SIP over TLS offers, comma-separated: TLSv1.3 and/or TLSv1.2 (1.0 and 1.1 are never offered)."),
  SIP_TLS_CIPHER_SUITES(
      "srs.sip.tls.cipher-suites",
      "TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256,TLS_CHACHA20_POLY1305_SHA256,"
          + "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"
          + "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
          + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      Kind.LIST,
      "Cipher suites SIP over TLS offers, in the server's order of preference (Java names). The default: the "
          + "TLS 1.3 suites and the TLS 1.2 forward-secret AEAD ones (ECDHE with AES-GCM or ChaCha20-Poly1305), "
          + "for RSA and ECDSA keys."),
  SIP_ALLOWED_SOURCES(
      "srs.sip.allowed-sources",
      "",
      Kind.ADDRESS_RANGES,
      "SRC addresses or CIDR ranges allowed to send SIP (e.g. 10.0.0.0/8,192.0.2.7); others get 403 and are "
          + "counted. Empty: everyone."),
  SIP_MIN_SESSION_EXPIRES(
      "srs.sip.min-session-expires",
      "90",
      Kind.POSITIVE_INT,
      "Smallest RFC 4028 session interval we accept (our Min-SE); a smaller Session-Expires gets 422."),
  SESSIONS_IDLE_TIMEOUT_SECONDS(
      "srs.sessions.idle-timeout-seconds",
      "120",
      Kind.NON_NEGATIVE_INT,
      "A session with no RTP on any recording stream and no request from the SRC for this long is ended "
          + "(BYE sent, reason SRC_SILENT). 0: never."),
  SESSIONS_PAUSED_TIMEOUT_SECONDS(
      "srs.sessions.paused-timeout-seconds",
      "7200",
      Kind.NON_NEGATIVE_INT,
      "The same for a session whose every stream is paused (a long hold): no request from the SRC for this "
          + "long ends it. 0: never."),
  SIP_RETRY_AFTER_SECONDS(
      "srs.sip.retry-after-seconds",
      "30",
      Kind.POSITIVE_INT,
      "Retry-After of our 503 answers (no capacity, shutting down), so SBC recording groups fail over."),

  // --- Media -----------------------------------------------------------------------------------
  MEDIA_ADDRESS(
      "srs.media.address",
      "127.0.0.1",
      Kind.ADDRESS,
      "Address the RTP sockets bind to, IPv4 or IPv6; an IPv6 one is answered with an IP6 c= line."),
  MEDIA_PUBLIC_ADDRESS(
      "srs.media.public-address",
      "",
      Kind.OPTIONAL_ADDRESS,
      "Address put in the c= line of SDP answers; empty means srs.media.address."),
  MEDIA_PORT_MIN(
      "srs.media.port-min", "20000", Kind.PORT, "Lowest RTP port (even ports carry RTP)."),
  MEDIA_PORT_MAX("srs.media.port-max", "29999", Kind.PORT, "Highest RTP port."),
  MEDIA_RECEIVE_THREADS(
      "srs.media.receive-threads",
      "1",
      Kind.POSITIVE_INT,
      "Threads that receive and decode RTP; each serves many streams through one selector."),
  MEDIA_REORDER_DEPTH(
      "srs.media.reorder-depth",
      "3",
      Kind.NON_NEGATIVE_INT,
      "Packets a missing packet is waited for before it is declared lost (0: never wait). No delay "
          + "is added while nothing is missing."),
  MEDIA_DTMF_BLANKING(
      "srs.media.dtmf-blanking",
      "false",
      Kind.BOOLEAN,
      "Replace the audio with silence while a DTMF key is pressed (card numbers, PCI DSS)."),
  MEDIA_SILENCE_TIMEOUT_MS(
      "srs.media.silence-timeout-ms",
      "5000",
      Kind.POSITIVE_INT,
      "A recording stream that receives nothing for this long without signalling is reported silent."),
  AUDIO_SAMPLE_RATE(
      "srs.audio.sample-rate",
      "16000",
      Kind.POSITIVE_INT,
      "Sample rate of the published PCM: 8000 or 16000. Every codec is converted to it."),
  AUDIO_STEREO_MIX(
      "srs.audio.stereo-mix",
      "false",
      Kind.BOOLEAN,
      "Also publish each session as one stereo stream (label mix): caller left, callee right, time-aligned."),
  AUDIO_MIX_WAIT_MS(
      "srs.audio.mix-wait-ms",
      "1000",
      Kind.POSITIVE_INT,
      "How long the stereo mix waits for a stream that is late, paused or silent before it fills that side "
          + "with silence; the mix's delay behind the mono streams while one side is quiet."),
  AUDIO_CHUNK_MS(
      "srs.audio.chunk-ms",
      "100",
      Kind.POSITIVE_INT,
      "Duration of one published PCM chunk, in milliseconds (10 to 1000)."),

  // --- JMS delivery ----------------------------------------------------------------------------
  ARCHIVE_ENABLED(
      "srs.archive.enabled",
      "true",
      Kind.BOOLEAN,
      "Keep every recording on disk (WAV per stream, the mix, events and final metadata as JSON)."),
  ARCHIVE_DIR(
      "srs.archive.dir",
      "",
      Kind.STRING,
      "Directory of the recordings; empty means <runtime dir>/recordings."),
  ARCHIVE_RETENTION_DAYS(
      "srs.archive.retention-days",
      "30",
      Kind.NON_NEGATIVE_INT,
      "Days recordings are kept (by the UTC day they started); 0 keeps them forever. The default of "
          + "srs.archive.retention-policy."),
  ARCHIVE_RETENTION_POLICY(
      "srs.archive.retention-policy",
      "",
      Kind.STRING,
      "File of retention rules (by SRC, tenant route, participant or metadata field; docs/recordings.md); "
          + "the first rule that matches a session decides how long it is kept. Empty: srs.archive.retention-days."),
  ARCHIVE_BACKLOG(
      "srs.archive.backlog",
      "20000",
      Kind.POSITIVE_INT,
      "Chunks and events that may wait for the disk before new chunks are dropped (the file gets silence there)."),
  ARCHIVE_INDEX_SESSIONS(
      "srs.archive.index.sessions",
      "20000",
      Kind.POSITIVE_INT,
      "Archived sessions the search index holds in memory, newest first (about 1.2 KB each, read at start: about 2-7 s per 20000); older ones are on disk but not found by search."),
  ARCHIVE_MIN_FREE_MB(
      "srs.archive.min-free-mb",
      "1024",
      Kind.NON_NEGATIVE_INT,
      "Raise the ARCHIVE_LOW_SPACE alarm when the archive's file system has less free space than this (MB); 0: never."),
  ARCHIVE_ENCRYPTION_ENABLED(
      "srs.archive.encryption.enabled",
      "false",
      Kind.BOOLEAN,
      "Encrypt every archive file but archive.json (AES-256-GCM, a data key per file wrapped with the key "
          + "srs.archive.encryption.key-id of srs.archive.keystore); files are named <name>.enc."),
  ARCHIVE_KEYSTORE(
      "srs.archive.keystore",
      "",
      Kind.STRING,
      "PKCS12 keystore holding the archive's keys: the key-encryption keys (256-bit AES secret keys) "
          + "and the Ed25519 key that signs manifests."),
  ARCHIVE_KEYSTORE_PASSWORD_FILE(
      "srs.archive.keystore-password-file",
      "",
      Kind.STRING,
      "File holding the password of srs.archive.keystore (and of its keys): never the password itself, "
          + "which a process list would show."),
  ARCHIVE_ENCRYPTION_KEY_ID(
      "srs.archive.encryption.key-id",
      "",
      Kind.STRING,
      "Alias of the key-encryption key new files use; files keep the id they were written with, so "
          + "changing it rotates keys without touching old files (keep the old keys in the keystore)."),
  ARCHIVE_SIGNING_KEY_ID(
      "srs.archive.signing.key-id",
      "",
      Kind.STRING,
      "Alias of the Ed25519 private key in srs.archive.keystore that signs each session's manifest; "
          + "empty: manifests and the day's chain are written with hashes only, unsigned."),

  JMS_EMBEDDED_BROKER(
      "srs.jms.embedded-broker",
      "true",
      Kind.BOOLEAN,
      "Run an Artemis broker inside the server. false connects to srs.jms.url instead."),
  JMS_URL(
      "srs.jms.url",
      "",
      Kind.STRING,
      "Artemis client URL of an external broker, e.g. tcp://mq1:61616 (used when the embedded broker is off)."),
  JMS_USER("srs.jms.user", "", Kind.STRING, "User name for the broker connection."),
  JMS_PASSWORD("srs.jms.password", "", Kind.SECRET, "Password for the broker connection."),
  JMS_AUDIO_QUEUE(
      "srs.jms.audio-queue", "srs.audio", Kind.STRING, "Queue that receives PCM chunks."),
  JMS_EVENTS_QUEUE(
      "srs.jms.events-queue",
      "srs.events",
      Kind.STRING,
      "Queue that receives session events (JSON)."),
  JMS_AUDIO_ROUTES(
      "srs.jms.audio-routes",
      "",
      Kind.STRING,
      "Rules sending a stream's chunks to other queues than srs.jms.audio-queue: key:pattern=queue;... with keys "
          + "vendor, src, aor, role, label and * in patterns (docs/events.md). Empty: one queue."),
  JMS_EVENTS_ROUTES(
      "srs.jms.events-routes",
      "",
      Kind.STRING,
      "Rules sending a session's events to other queues than srs.jms.events-queue: key:pattern=queue;... with "
          + "keys vendor, src, aor. Empty: one queue."),
  JMS_AUDIO_BACKLOG(
      "srs.jms.audio-backlog",
      "4096",
      Kind.POSITIVE_INT,
      "Chunks that may wait for the broker before new ones are dropped and counted as gaps."),
  JMS_AUDIO_MAX_AGE_MS(
      "srs.jms.audio-max-age-ms",
      "2000",
      Kind.NON_NEGATIVE_INT,
      "A chunk that waited this long (ms) for the broker is dropped and reported as a gap by the next "
          + "one: real time first (the archive keeps everything). 0: no deadline."),
  JMS_EVENTS_BACKLOG(
      "srs.jms.events-backlog",
      "10000",
      Kind.POSITIVE_INT,
      "Events that may wait for the broker; beyond it events are counted as lost."),

  // --- Scale-out: several nodes on one external broker (docs/scale-out.md) ----------------------
  NODE_ID(
      "srs.node.id",
      "",
      Kind.STRING,
      "This node's name on every message it publishes (srsNodeId) and among the nodes sharing a broker: "
          + "letters, digits, '.', '_', '-'. Empty: <SIP address>_<SIP port>."),
  CLUSTER_HEARTBEAT_MS(
      "srs.cluster.heartbeat-ms",
      "1000",
      Kind.NON_NEGATIVE_INT,
      "With an external broker, how often this node tells the others through srs.cluster.address that it is "
          + "alive and which sessions it records. 0: off (always off with the embedded broker)."),
  CLUSTER_NODE_TIMEOUT_MS(
      "srs.cluster.node-timeout-ms",
      "3000",
      Kind.POSITIVE_INT,
      "A node not heard from for this long is lost: the others publish session.ended with reason NODE_LOST "
          + "for the sessions it was recording. More than srs.cluster.heartbeat-ms (3 times is the default)."),
  CLUSTER_ADDRESS(
      "srs.cluster.address",
      "srs.cluster",
      Kind.STRING,
      "Multicast address (topic) of the nodes' heartbeats; every node sharing a broker must use the same."),

  // --- Embedded broker -------------------------------------------------------------------------
  BROKER_ADDRESS(
      "srs.broker.address",
      "127.0.0.1",
      Kind.ADDRESS,
      "Address of the embedded broker's TCP acceptor, where consumers connect."),
  BROKER_PORT("srs.broker.port", "61616", Kind.PORT, "Port of the embedded broker's TCP acceptor."),
  BROKER_DATA_DIR(
      "srs.broker.data-dir",
      "",
      Kind.STRING,
      "Journal directory of the embedded broker; empty means <runtime dir>/broker."),
  BROKER_CONSUMER_USER(
      "srs.broker.consumer-user",
      "srs-consumer",
      Kind.STRING,
      "User name consumers log in to the embedded broker with; it may only consume and browse the audio and "
          + "events queues (and the routed ones)."),
  BROKER_CONSUMER_PASSWORD(
      "srs.broker.consumer-password",
      "",
      Kind.SECRET,
      "That user's password. Empty: a random password is made at first start into "
          + "<runtime dir>/broker-consumer-password, readable by the server's user only."),

  // --- Admin console ---------------------------------------------------------------------------
  ADMIN_ADDRESS(
      "srs.admin.address",
      "127.0.0.1",
      Kind.ADDRESS,
      "Address the HTTP connector of the admin console, its JSON API, /metrics and /health listens on "
          + "(server.xml). Loopback until the operator opens it."),
  ADMIN_PORT("srs.admin.port", "8080", Kind.PORT, "Port of that HTTP connector."),
  ADMIN_USER("srs.admin.user", "admin", Kind.STRING, "User name for the console and the JSON API."),
  ADMIN_PASSWORD_HASH(
      "srs.admin.password-hash",
      "",
      Kind.SECRET,
      "The console password as pbkdf2-sha256:<iterations>:<salt>:<hash> (make one with "
          + "java -cp srs-server.jar io.siprec.srs.admin.auth.HashAdminPassword). Empty: a random password "
          + "is made at first start into <runtime dir>/admin-password, readable by the server's user only."),
  ADMIN_OPEN_METRICS(
      "srs.admin.open-metrics",
      "true",
      Kind.BOOLEAN,
      "Serve /metrics without logging in, for Prometheus scrapers (it names no call or participant). "
          + "false: /metrics asks for the console's credentials (HTTP Basic). /health is always open."),
  ADMIN_RECENT_SESSIONS(
      "srs.admin.recent-sessions",
      "200",
      Kind.POSITIVE_INT,
      "Ended sessions the console keeps in memory, newest first, with their timeline and final figures."),
  ADMIN_TRUSTED_PROXIES(
      "srs.admin.trusted-proxies",
      "",
      Kind.ADDRESS_RANGES,
      "Addresses or CIDR ranges of the reverse proxies in front of the console, comma-separated. Only from "
          + "these are X-Forwarded-For (the client's address, for the login throttle and the log) and "
          + "X-Forwarded-Proto (https makes the session cookie Secure) believed. Empty: no proxy is trusted."),

  // --- Process ---------------------------------------------------------------------------------
  RUNTIME_DIR(
      "srs.runtime.dir",
      "",
      Kind.STRING,
      "Working directory of the standalone server (container base, broker data); empty means "
          + "runtime/ next to srs-server.jar."),
  SHUTDOWN_GRACE_MS(
      "srs.shutdown.grace-ms",
      "5000",
      Kind.POSITIVE_INT,
      "On SIGTERM, how long active sessions get to answer our BYE before the server stops anyway.");

  /** How a value is validated. */
  public enum Kind {
    STRING,
    SECRET,
    BOOLEAN,
    PORT,
    POSITIVE_INT,
    NON_NEGATIVE_INT,
    ADDRESS,
    OPTIONAL_ADDRESS,
    LIST,
    /** Comma-separated literal addresses or CIDR ranges; may be empty. */
    ADDRESS_RANGES
  }

  private final String key;
  private final String defaultValue;
  private final Kind kind;
  private final String description;

  Setting(String key, String defaultValue, Kind kind, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.kind = kind;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public Kind kind() {
    return kind;
  }

  public String description() {
    return description;
  }

  public boolean isSecret() {
    return kind == Kind.SECRET;
  }

  /** {@code srs.media.port-min} is read from {@code SRS_MEDIA_PORT_MIN}. */
  public String environmentName() {
    return environmentName(key);
  }

  static String environmentName(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
