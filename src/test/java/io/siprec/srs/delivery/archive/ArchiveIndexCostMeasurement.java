package io.siprec.srs.delivery.archive;

import io.siprec.srs.admin.CallQuery;
import io.siprec.srs.admin.CallSearch;
import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.json.CallSummaryJson;
import io.siprec.srs.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the archive's search index costs: reading {@code n} session folders' {@code index.json} at
 * start, the heap they take, and one search over them. Not a test: run by hand.
 *
 * <pre>
 * mvn -B -o -q -DskipTests test-compile
 * java -cp target/classes:target/test-classes:$(cat target/classpath.txt) \
 *   io.siprec.srs.delivery.archive.ArchiveIndexCostMeasurement target/bench/index 20000
 * </pre>
 */
public final class ArchiveIndexCostMeasurement {
  private ArchiveIndexCostMeasurement() {}

  public static void main(String[] args) throws Exception {
    Path root = Files.createDirectories(Path.of(args[0]));
    int n = Integer.parseInt(args[1]);
    String line = Fixtures.text("archive/index/index.json").strip();
    String fixtureId = "0b3f2c1e-5a6d-4e7f-8a9b-0c1d2e3f4a5b";
    for (int i = 0; i < n; i++) {
      String id = String.format("%08d-0000-4000-8000-000000000000", i);
      Path folder = Files.createDirectories(root.resolve("2026-12-0" + (1 + i % 7)).resolve(id));
      Files.writeString(
          folder.resolve(ArchiveIndex.FILE),
          line.replace(fixtureId, id).replace("alice@", "user" + i + "@"),
          StandardCharsets.UTF_8);
    }
    for (int round = 0; round < 3; round++) {
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long heapBefore = rt.totalMemory() - rt.freeMemory();
      long t0 = System.nanoTime();
      ArchiveIndex index = ArchiveIndex.load(root, n);
      long loadMs = (System.nanoTime() - t0) / 1_000_000;
      List<CallSummary> all = index.all();
      System.gc();
      long heapAfter = rt.totalMemory() - rt.freeMemory();
      long t1 = System.nanoTime();
      CallSearch.Page page =
          CallSearch.search(
              CallQuery.parse(Map.of("q", "user" + (n / 2) + "@example.com")::get), all);
      long searchUs = (System.nanoTime() - t1) / 1_000;
      long t2 = System.nanoTime();
      CallSearch.Page everything = CallSearch.search(CallQuery.all(), all);
      long allUs = (System.nanoTime() - t2) / 1_000;
      System.out.printf(
          "%d sessions: load %d ms, heap +%d KB (%d B each), search by AOR %d us (%d found),"
              + " first page of all %d us (%d total); one line %d bytes%n",
          all.size(),
          loadMs,
          (heapAfter - heapBefore) / 1024,
          (heapAfter - heapBefore) / Math.max(1, all.size()),
          searchUs,
          page.total(),
          allUs,
          everything.total(),
          CallSummaryJson.line(all.get(0)).length());
    }
  }
}
