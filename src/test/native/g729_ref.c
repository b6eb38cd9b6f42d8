/* Reference G.729 (Annex A/B) with bcg729, for fixtures and benchmarks.
 * Frame file: for each 10 ms frame one length byte (10 = speech, 2 = SID, 0 = not sent in DTX)
 * followed by that many bytes.
 * usage: g729_ref encode in.s16le out.frames     (8 kHz mono PCM in, VAD/DTX on)
 *        g729_ref decode in.frames out.s16le
 *        g729_ref bench in.frames iterations     (prints ns per 20 ms, i.e. two frames) */
#include <bcg729/decoder.h>
#include <bcg729/encoder.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END); *len = ftell(f); fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(*len + 1);
  if (fread(buf, 1, *len, f) != (size_t) *len) { perror("read"); exit(1); }
  fclose(f);
  return buf;
}

/* Decodes every frame of a frame file; returns samples written. */
static long decode_all(bcg729DecoderChannelContextStruct *d, const unsigned char *in, long len, int16_t *out) {
  long at = 0, n = 0;
  while (at < len) {
    int l = in[at++];
    if (l == 0) {
      bcg729Decoder(d, NULL, 0, 1, 0, 0, out + n);     /* not sent: erasure; continues comfort noise in DTX */
    } else {
      bcg729Decoder(d, in + at, l, 0, l == 2, 0, out + n);
    }
    at += l;
    n += 80;
  }
  return n;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: %s encode|decode|bench in out|iterations\n", argv[0]); return 2; }
  long len;
  unsigned char *in = slurp(argv[2], &len);
  if (strcmp(argv[1], "encode") == 0) {
    bcg729EncoderChannelContextStruct *e = initBcg729EncoderChannel(1);
    FILE *f = fopen(argv[3], "wb");
    int16_t *pcm = (int16_t *) in;
    for (long i = 0; i + 80 <= len / 2; i += 80) {
      uint8_t bits[10], l = 0;
      bcg729Encoder(e, pcm + i, bits, &l);
      fputc(l, f);
      fwrite(bits, 1, l, f);
    }
    fclose(f);
    return 0;
  }
  int16_t *out = malloc(sizeof(int16_t) * 80 * (len + 1));
  if (strcmp(argv[1], "decode") == 0) {
    long n = decode_all(initBcg729DecoderChannel(), in, len, out);
    FILE *f = fopen(argv[3], "wb");
    fwrite(out, sizeof(int16_t), n, f);
    fclose(f);
    return 0;
  }
  int iterations = atoi(argv[3]);
  long frames = 0;
  for (long at = 0; at < len; at += 1 + in[at]) frames++;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int it = 0; it < iterations; it++) decode_all(initBcg729DecoderChannel(), in, len, out);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
  printf("%.1f\n", ns / ((double) iterations * frames) * 2);
  return 0;
}
