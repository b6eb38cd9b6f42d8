/* Reference Opus decode with libopus at 48 kHz mono, for the codec benchmarks.
 * usage: opus_ref decode in.pkt out.s16le
 *        opus_ref bench  in.pkt iterations   (prints ns per packet; the fixtures' packets are 20 ms)
 * in.pkt: Opus packets as written by io.siprec.srs.bench.BenchFixtures (see packets.h), taken from
 * the Ogg Opus fixtures. One decoder for the whole run, as a stream keeps its decoder. */
#include <opus/opus.h>
#include <string.h>
#include "packets.h"

#define MAX_SAMPLES 5760 /* 120 ms at 48 kHz, the longest packet */

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: %s decode|bench in.pkt out.s16le|iterations\n", argv[0]); return 2; }
  packets_t p = read_packets(argv[2]);
  opus_int16 out[MAX_SAMPLES];
  int err = 0;
  OpusDecoder *d = opus_decoder_create(48000, 1, &err);
  if (err != OPUS_OK) { fprintf(stderr, "opus_decoder_create: %s\n", opus_strerror(err)); return 1; }
  if (strcmp(argv[1], "decode") == 0) {
    FILE *f = fopen(argv[3], "wb");
    if (!f) { perror(argv[3]); return 1; }
    for (long i = 0; i < p.count; i++) {
      int n = opus_decode(d, p.data[i], p.len[i], out, MAX_SAMPLES, 0);
      if (n < 0) { fprintf(stderr, "packet %ld: %s\n", i, opus_strerror(n)); return 1; }
      fwrite(out, sizeof(opus_int16), n, f);
    }
    fclose(f);
    return 0;
  }
  /* Every packet must be 20 ms, else the figure is not per 20 ms frame. */
  for (long i = 0; i < p.count; i++) {
    int n = opus_decode(d, p.data[i], p.len[i], out, MAX_SAMPLES, 0);
    if (n != 960) { fprintf(stderr, "packet %ld decoded to %d samples, not 960\n", i, n); return 1; }
  }
  long iterations = atol(argv[3]);
  long sink = 0;
  double t0 = now_ns();
  for (long it = 0; it < iterations; it++)
    for (long i = 0; i < p.count; i++) {
      int n = opus_decode(d, p.data[i], p.len[i], out, MAX_SAMPLES, 0);
      sink += n + out[n - 1];
    }
  double t1 = now_ns();
  printf("%.1f\n", (t1 - t0) / ((double) iterations * p.count));
  fprintf(stderr, "sink %ld\n", sink);
  return 0;
}
