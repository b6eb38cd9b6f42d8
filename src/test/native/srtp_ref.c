/* Reference SRTP/SRTCP protection with libsrtp 2 (Debian's libsrtp2-dev), for test fixtures: an
 * implementation independent of ours. A test tool only: libsrtp is BSD-licensed and is never
 * linked into the product.
 *
 * usage: srtp_ref rtp  SUITE KEYS MKI_LEN SWITCH_AT SERVICES SSRC FIRST_SEQ COUNT PAYLOAD_FILE
 *                      PAYLOAD_BYTES PLAIN_OUT PROTECTED_OUT
 *        srtp_ref rtcp SUITE KEYS MKI_LEN SWITCH_AT SERVICES SSRC COUNT PLAIN_OUT PROTECTED_OUT
 *
 *   SUITE      an RFC 4568 crypto-suite name: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32,
 *              AES_256_CM_HMAC_SHA1_80, AES_256_CM_HMAC_SHA1_32, AEAD_AES_128_GCM, AEAD_AES_256_GCM
 *   KEYS       comma-separated master keys, each the hex of key||salt followed by ":MKI" (the MKI
 *              as a decimal number, written big-endian in MKI_LEN octets); with MKI_LEN 0 only the
 *              first key is used and packets carry no MKI
 *   SWITCH_AT  packets [0, SWITCH_AT) use the first key, the rest the second (0: the first only)
 *   SERVICES   conf+auth (default SRTP), auth (UNENCRYPTED_SRTP, or UNENCRYPTED_SRTCP for rtcp),
 *              conf (UNAUTHENTICATED_SRTP)
 *   rtp:  COUNT packets, payload type 0, SSRC, sequence numbers from FIRST_SEQ (wrapping at 2^16),
 *         timestamps from 0 in steps of PAYLOAD_BYTES, payloads cut from PAYLOAD_FILE
 *   rtcp: COUNT compound packets, each a sender report (packet count i, octet count 160 * i) and
 *         an SDES CNAME chunk
 *
 * Both output files hold one record per packet: its length as two octets, big-endian, then the
 * packet; PLAIN_OUT holds what went into libsrtp, PROTECTED_OUT what came out.
 *
 * build: gcc -O2 -Wall -o srtp_ref src/test/native/srtp_ref.c -lsrtp2 */
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 2
#define MAX_PACKET 2048

static void die(const char *what) {
  fprintf(stderr, "srtp_ref: %s\n", what);
  exit(1);
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  die("not a hex digit in a key");
  return 0;
}

/* Sets the SRTP and SRTCP policies of a suite; returns the length of key||salt. */
static int set_suite(srtp_policy_t *p, const char *suite) {
  if (strcmp(suite, "AES_CM_128_HMAC_SHA1_80") == 0) {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
    return 30;
  }
  if (strcmp(suite, "AES_CM_128_HMAC_SHA1_32") == 0) {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp); /* RFC 4568 §6.2: SRTCP keeps 80 bits */
    return 30;
  }
  if (strcmp(suite, "AES_256_CM_HMAC_SHA1_80") == 0) {
    srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtp);
    srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
    return 46;
  }
  if (strcmp(suite, "AES_256_CM_HMAC_SHA1_32") == 0) {
    srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&p->rtp);
    srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp); /* RFC 6188 §4: SRTCP keeps 80 bits */
    return 46;
  }
  if (strcmp(suite, "AEAD_AES_128_GCM") == 0) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
    return 28;
  }
  if (strcmp(suite, "AEAD_AES_256_GCM") == 0) {
    srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtp);
    srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtcp);
    return 44;
  }
  die("unknown suite");
  return 0;
}

static srtp_sec_serv_t services(const char *s) {
  if (strcmp(s, "conf+auth") == 0) return sec_serv_conf_and_auth;
  if (strcmp(s, "auth") == 0) return sec_serv_auth;
  if (strcmp(s, "conf") == 0) return sec_serv_conf;
  die("SERVICES is conf+auth, auth or conf");
  return sec_serv_none;
}

static unsigned char key_material[MAX_KEYS][64];
static unsigned char mki_octets[MAX_KEYS][128];
static srtp_master_key_t master_keys[MAX_KEYS];
static srtp_master_key_t *master_key_list[MAX_KEYS];

/* Parses KEYS into the policy; returns the number of keys. */
static int set_keys(srtp_policy_t *p, const char *keys, int key_length, int mki_length) {
  char *copy = strdup(keys);
  int n = 0;
  for (char *k = strtok(copy, ","); k != NULL; k = strtok(NULL, ",")) {
    if (n == MAX_KEYS) die("at most two keys");
    char *colon = strchr(k, ':');
    if (colon == NULL) die("a key is HEX:MKI");
    *colon = '\0';
    if ((int) strlen(k) != 2 * key_length) die("key||salt has the wrong length for the suite");
    for (int i = 0; i < key_length; i++) {
      key_material[n][i] = (unsigned char) (hex_digit(k[2 * i]) << 4 | hex_digit(k[2 * i + 1]));
    }
    unsigned long long mki = strtoull(colon + 1, NULL, 10);
    memset(mki_octets[n], 0, sizeof mki_octets[n]);
    for (int i = mki_length - 1, shift = 0; i >= 0 && shift < 64; i--, shift += 8) {
      mki_octets[n][i] = (unsigned char) (mki >> shift);
    }
    master_keys[n].key = key_material[n];
    master_keys[n].mki_id = mki_octets[n];
    master_keys[n].mki_size = (unsigned) mki_length;
    master_key_list[n] = &master_keys[n];
    n++;
  }
  free(copy);
  if (n == 0) die("no key");
  if (mki_length > 0) {
    p->keys = master_key_list;
    p->num_master_keys = (unsigned long) n;
  } else {
    p->key = key_material[0];
  }
  return n;
}

static void put_record(FILE *f, const unsigned char *packet, int length) {
  unsigned char prefix[2] = {(unsigned char) (length >> 8), (unsigned char) length};
  if (fwrite(prefix, 1, 2, f) != 2 || fwrite(packet, 1, (size_t) length, f) != (size_t) length) {
    die("write failed");
  }
}

static FILE *open_out(const char *path) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) die("cannot open an output file");
  return f;
}

static void put32(unsigned char *at, uint32_t v) {
  at[0] = (unsigned char) (v >> 24);
  at[1] = (unsigned char) (v >> 16);
  at[2] = (unsigned char) (v >> 8);
  at[3] = (unsigned char) v;
}

int main(int argc, char **argv) {
  int rtp = argc == 14 && strcmp(argv[1], "rtp") == 0;
  int rtcp = argc == 11 && strcmp(argv[1], "rtcp") == 0;
  if (!rtp && !rtcp) {
    fprintf(stderr, "usage: see the comment at the top of srtp_ref.c\n");
    return 2;
  }
  if (srtp_init() != srtp_err_status_ok) die("srtp_init failed");

  srtp_policy_t policy;
  memset(&policy, 0, sizeof policy);
  int key_length = set_suite(&policy, argv[2]);
  int mki_length = atoi(argv[4]);
  if (mki_length < 0 || mki_length > 128) die("MKI_LEN is 0 to 128");
  int nkeys = set_keys(&policy, argv[3], key_length, mki_length);
  int switch_at = atoi(argv[5]);
  srtp_sec_serv_t sec = services(argv[6]);
  if (rtp) {
    policy.rtp.sec_serv = sec;
  } else {
    policy.rtcp.sec_serv = sec;
  }
  policy.ssrc.type = ssrc_any_outbound;
  policy.window_size = 128;
  policy.allow_repeat_tx = 0;
  policy.next = NULL;

  srtp_t session;
  if (srtp_create(&session, &policy) != srtp_err_status_ok) die("srtp_create failed");

  uint32_t ssrc = (uint32_t) strtoul(argv[7], NULL, 0);
  unsigned char packet[MAX_PACKET + SRTP_MAX_TRAILER_LEN];
  if (rtp) {
    int seq = atoi(argv[8]);
    int count = atoi(argv[9]);
    int payload_bytes = atoi(argv[11]);
    FILE *in = fopen(argv[10], "rb");
    if (in == NULL) die("cannot open the payload file");
    FILE *plain = open_out(argv[12]);
    FILE *out = open_out(argv[13]);
    for (int i = 0; i < count; i++) {
      memset(packet, 0, sizeof packet);
      packet[0] = 0x80;
      packet[1] = (unsigned char) (i == 0 ? 0x80 : 0x00); /* marker on the first, PT 0 */
      packet[2] = (unsigned char) (seq >> 8);
      packet[3] = (unsigned char) seq;
      put32(packet + 4, (uint32_t) (i * payload_bytes));
      put32(packet + 8, ssrc);
      if (fread(packet + 12, 1, (size_t) payload_bytes, in) != (size_t) payload_bytes) die("payload file too short");
      int length = 12 + payload_bytes;
      put_record(plain, packet, length);
      unsigned key = (switch_at > 0 && i >= switch_at && nkeys > 1) ? 1 : 0;
      srtp_err_status_t e = srtp_protect_mki(session, packet, &length, mki_length > 0, key);
      if (e != srtp_err_status_ok) {
        fprintf(stderr, "srtp_protect_mki: error %d at packet %d\n", e, i);
        return 1;
      }
      put_record(out, packet, length);
      seq = (seq + 1) & 0xffff;
    }
    fclose(in);
    fclose(plain);
    fclose(out);
  } else {
    int count = atoi(argv[8]);
    FILE *plain = open_out(argv[9]);
    FILE *out = open_out(argv[10]);
    static const char cname[] = "srtp_ref@example.invalid";
    for (int i = 0; i < count; i++) {
      memset(packet, 0, sizeof packet);
      /* SR (RFC 3550 §6.4.1), no report blocks: 28 octets */
      packet[0] = 0x80;
      packet[1] = 200;
      packet[2] = 0;
      packet[3] = 6;
      put32(packet + 4, ssrc);
      put32(packet + 8, 0xe9a0b2c3u + (uint32_t) i);   /* NTP seconds */
      put32(packet + 12, 0x40000000u);                /* NTP fraction */
      put32(packet + 16, (uint32_t) (i * 8000));      /* RTP timestamp */
      put32(packet + 20, (uint32_t) i);               /* packet count */
      put32(packet + 24, (uint32_t) (160 * i));       /* octet count */
      /* SDES (RFC 3550 §6.5): one chunk, CNAME, end, padded to 32 bits */
      int at = 28;
      int items = 2 + (int) strlen(cname);
      int chunk = 4 + items + 1;
      chunk = (chunk + 3) & ~3;
      packet[at] = 0x81;
      packet[at + 1] = 202;
      packet[at + 2] = 0;
      packet[at + 3] = (unsigned char) ((4 + chunk) / 4 - 1);
      put32(packet + at + 4, ssrc);
      packet[at + 8] = 1;
      packet[at + 9] = (unsigned char) strlen(cname);
      memcpy(packet + at + 10, cname, strlen(cname));
      int length = at + 4 + chunk;
      put_record(plain, packet, length);
      unsigned key = (switch_at > 0 && i >= switch_at && nkeys > 1) ? 1 : 0;
      srtp_err_status_t e = srtp_protect_rtcp_mki(session, packet, &length, mki_length > 0, key);
      if (e != srtp_err_status_ok) {
        fprintf(stderr, "srtp_protect_rtcp_mki: error %d at packet %d\n", e, i);
        return 1;
      }
      put_record(out, packet, length);
    }
    fclose(plain);
    fclose(out);
  }
  srtp_dealloc(session);
  srtp_shutdown();
  return 0;
}
