/* Reference G.722 encode and decode with spandsp, for fixtures and benchmarks (a test tool only:
 * spandsp is LGPL and never part of the product).
 * usage: g722_ref decode in.g722 out.s16le [64000|56000|48000]   (default 64000)
 *        g722_ref encode in.s16le out.g722                        (64 kbit/s, 16 kHz input)
 *        g722_ref bench in.g722 iterations   (prints ns per 20 ms frame)
 * The input is whole G.722 octets (IH in the two high bits, IL in the six low ones) at every rate.
 * spandsp's decoder (options 0, not G722_PACKED) wants each code right-aligned in its byte at
 * 56000 and 48000 (7 or 6 bits: IH, then the lower-band bits that carry audio), so for those rates
 * this tool shifts every octet right by 1 or 2, dropping the bits an auxiliary data channel
 * would carry. (Found by trying: fed whole octets at 56000, spandsp's output is noise.) */
#include <spandsp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END); *len = ftell(f); fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(*len > 0 ? *len : 1);
  if (fread(buf, 1, *len, f) != (size_t) *len) { perror("read"); exit(1); }
  fclose(f);
  return buf;
}

static void spill(const char *path, const void *data, size_t size, size_t count) {
  FILE *f = fopen(path, "wb");
  if (!f) { perror(path); exit(1); }
  if (fwrite(data, size, count, f) != count) { perror("write"); exit(1); }
  fclose(f);
}

int main(int argc, char **argv) {
  if (argc != 4 && !(argc == 5 && strcmp(argv[1], "decode") == 0)) {
    fprintf(stderr, "usage: %s decode in.g722 out.s16le [rate] | encode in.s16le out.g722 | bench in.g722 iterations\n", argv[0]);
    return 2;
  }
  long len;
  unsigned char *in = slurp(argv[2], &len);
  if (strcmp(argv[1], "decode") == 0) {
    int rate = argc == 5 ? atoi(argv[4]) : 64000;
    g722_decode_state_t *s = g722_decode_init(NULL, rate, 0);
    if (!s) { fprintf(stderr, "bad rate %d\n", rate); return 2; }
    int dropped = rate == 56000 ? 1 : rate == 48000 ? 2 : 0;
    for (long i = 0; i < len; i++) in[i] >>= dropped;
    int16_t *out = malloc(sizeof(int16_t) * 2 * (len > 0 ? len : 1));
    int n = g722_decode(s, out, in, (int) len);
    spill(argv[3], out, sizeof(int16_t), n);
    return 0;
  }
  if (strcmp(argv[1], "encode") == 0) {
    /* s16le input; this tool only runs on little-endian machines (x86-64). */
    int samples = (int) (len / 2);
    int16_t *pcm = malloc(sizeof(int16_t) * (samples > 0 ? samples : 1));
    memcpy(pcm, in, sizeof(int16_t) * samples);
    uint8_t *out = malloc(samples / 2 + 1);
    g722_encode_state_t *s = g722_encode_init(NULL, 64000, 0);
    int n = g722_encode(s, out, pcm, samples);
    spill(argv[3], out, 1, n);
    return 0;
  }
  int iterations = atoi(argv[3]);
  int16_t *out = malloc(sizeof(int16_t) * 2 * len);
  long frames = len / 160; /* 20 ms of G.722 = 160 bytes */
  g722_decode_state_t *s = g722_decode_init(NULL, 64000, 0);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long sink = 0;
  for (int it = 0; it < iterations; it++)
    for (long f = 0; f < frames; f++)
      sink += g722_decode(s, out, in + f * 160, 160);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
  printf("%.1f\n", ns / ((double) iterations * frames));
  return sink == 42 ? 1 : 0;
}
