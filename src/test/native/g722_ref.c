/* Reference G.722 decode with spandsp, for fixtures and benchmarks.
 * usage: g722_ref decode in.g722 out.s16le
 *        g722_ref bench in.g722 iterations   (prints ns per 20 ms frame) */
#include <spandsp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END); *len = ftell(f); fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(*len);
  if (fread(buf, 1, *len, f) != (size_t) *len) { perror("read"); exit(1); }
  fclose(f);
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: %s decode|bench in.g722 out|iterations\n", argv[0]); return 2; }
  long len;
  unsigned char *in = slurp(argv[2], &len);
  int16_t *out = malloc(sizeof(int16_t) * 2 * len);
  if (strcmp(argv[1], "decode") == 0) {
    g722_decode_state_t *s = g722_decode_init(NULL, 64000, 0);
    int n = g722_decode(s, out, in, (int) len);
    FILE *f = fopen(argv[3], "wb");
    fwrite(out, sizeof(int16_t), n, f);
    fclose(f);
    return 0;
  }
  int iterations = atoi(argv[3]);
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
