package io.siprec.srs.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Range headers against a 1000-byte file, by the examples and rules of RFC 9110 section 14. */
class ByteRangeTest {
  private static final long LENGTH = 1000;

  @ParameterizedTest(name = "{0} -> {1}-{2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bytes=0-499      | 0   | 499", // §14.1.2: the first 500 bytes
        "bytes=500-999    | 500 | 999",
        "bytes=-500       | 500 | 999", // a suffix: the final 500 bytes
        "bytes=0-0        | 0   | 0", // the first byte
        "bytes=-1         | 999 | 999", // the last byte
        "bytes=000123-00456 | 123 | 456", // leading zeros are digits too
      })
  void aSingleRangeIsServedAsAsked(String header, long first, long last) {
    assertThat(ByteRange.parse(header.strip(), LENGTH))
        .isEqualTo(new ByteRange.Part(new ByteRange(first, last)));
  }

  @Test
  void anOpenOrOverlongRangeEndsAtTheLastByte() {
    assertThat(ByteRange.parse("bytes=990-", LENGTH))
        .isEqualTo(new ByteRange.Part(new ByteRange(990, 999)));
    assertThat(ByteRange.parse("bytes=990-5000", LENGTH))
        .isEqualTo(new ByteRange.Part(new ByteRange(990, 999)));
    assertThat(ByteRange.parse("bytes=0-99999999999999999999999", LENGTH))
        .isEqualTo(new ByteRange.Part(new ByteRange(0, 999)));
    // A suffix longer than the file is the whole file (§14.1.1).
    assertThat(ByteRange.parse("bytes=-5000", LENGTH))
        .isEqualTo(new ByteRange.Part(new ByteRange(0, 999)));
    // The unit is case-insensitive, whitespace around the specifier is allowed.
    assertThat(ByteRange.parse("Bytes = 0-0 ", LENGTH))
        .isEqualTo(new ByteRange.Part(new ByteRange(0, 0)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=99999999999999999999999-"})
  void aRangeNoByteOfTheFileIsInIsUnsatisfiable(String header) {
    assertThat(ByteRange.parse(header, LENGTH)).isEqualTo(new ByteRange.Unsatisfiable());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "items=0-10", // another unit
        "bytes=0-10,20-30", // several ranges: served whole, as §14.2 allows
        "bytes=10-5", // last before first: invalid (§14.1.1), ignored
        "bytes=abc",
        "bytes=1-2-3",
        "bytes=-",
        "bytes=+1-2",
        "bytes= 0x10-20",
        "bytes",
        ""
      })
  void aHeaderThisServerDoesNotServeIsIgnored(String header) {
    assertThat(ByteRange.parse(header, LENGTH)).isEqualTo(new ByteRange.Whole());
  }

  @Test
  void noHeaderIsTheWholeFile() {
    assertThat(ByteRange.parse(null, LENGTH)).isEqualTo(new ByteRange.Whole());
  }

  @Test
  void anEmptyFileHasNoByteToServe() {
    assertThat(ByteRange.parse("bytes=0-", 0)).isEqualTo(new ByteRange.Unsatisfiable());
    assertThat(ByteRange.parse("bytes=-10", 0)).isEqualTo(new ByteRange.Whole());
  }

  @Test
  void contentRangeSaysWhichBytesOfHowMany() {
    // RFC 9110 §14.4's examples.
    assertThat(new ByteRange(42, 1233).contentRange(1234)).isEqualTo("bytes 42-1233/1234");
    assertThat(ByteRange.unsatisfied(1234)).isEqualTo("bytes */1234");
    assertThat(new ByteRange(42, 1233).length()).isEqualTo(1192);
  }
}
