/* Reads the payload files written by io.siprec.srs.bench.BenchFixtures: per payload a 2-byte
 * big-endian length, then the payload. Shared by the native reference benchmarks. */
#ifndef SRS_BENCH_PACKETS_H
#define SRS_BENCH_PACKETS_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
  long count;
  const unsigned char **data;
  int *len;
} packets_t;

static packets_t read_packets(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc(size > 0 ? size : 1);
  if (fread(buf, 1, size, f) != (size_t) size) { perror("read"); exit(1); }
  fclose(f);
  packets_t p = {0, NULL, NULL};
  for (long at = 0; at + 2 <= size; at += 2 + (buf[at] << 8 | buf[at + 1])) p.count++;
  p.data = malloc(sizeof(*p.data) * (p.count + 1));
  p.len = malloc(sizeof(*p.len) * (p.count + 1));
  long at = 0;
  for (long i = 0; i < p.count; i++) {
    int l = buf[at] << 8 | buf[at + 1];
    if (at + 2 + l > size) { fprintf(stderr, "%s: truncated payload %ld\n", path, i); exit(1); }
    p.data[i] = buf + at + 2;
    p.len[i] = l;
    at += 2 + l;
  }
  if (p.count == 0) { fprintf(stderr, "%s: no payloads\n", path); exit(1); }
  return p;
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

#endif
