/* Reference G.711 decode with spandsp's g711_decode, for the codec benchmarks.
 * usage: g711_ref decode ulaw|alaw in.pkt out.s16le
 *        g711_ref bench  ulaw|alaw in.pkt iterations   (prints ns per payload, i.e. per 20 ms)
 * in.pkt: payloads as written by io.siprec.srs.bench.BenchFixtures (see packets.h). */
#include <spandsp.h>
#include <string.h>
#include "packets.h"

int main(int argc, char **argv) {
  if (argc != 5 || (strcmp(argv[2], "ulaw") != 0 && strcmp(argv[2], "alaw") != 0)) {
    fprintf(stderr, "usage: %s decode|bench ulaw|alaw in.pkt out.s16le|iterations\n", argv[0]);
    return 2;
  }
  int law = strcmp(argv[2], "ulaw") == 0 ? G711_ULAW : G711_ALAW;
  packets_t p = read_packets(argv[3]);
  int16_t out[2048];
  g711_state_t *s = g711_init(NULL, law);
  if (strcmp(argv[1], "decode") == 0) {
    FILE *f = fopen(argv[4], "wb");
    if (!f) { perror(argv[4]); return 1; }
    for (long i = 0; i < p.count; i++) {
      int n = g711_decode(s, out, p.data[i], p.len[i]);
      fwrite(out, sizeof(int16_t), n, f);
    }
    fclose(f);
    return 0;
  }
  long iterations = atol(argv[4]);
  long sink = 0;
  double t0 = now_ns();
  for (long it = 0; it < iterations; it++)
    for (long i = 0; i < p.count; i++) {
      int n = g711_decode(s, out, p.data[i], p.len[i]);
      sink += n + out[n - 1];
    }
  double t1 = now_ns();
  printf("%.2f\n", (t1 - t0) / ((double) iterations * p.count));
  fprintf(stderr, "sink %ld\n", sink);
  return 0;
}
