package io.tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * {@link PieceGzip}: whatever pieces come again or not, in any order, the body is one gzip stream
 * of exactly the pieces' text then the tail, as any gzip reader decodes it.
 */
class PieceGzipTest {

  @Property(tries = 300)
  void aBodyDecodesToItsPiecesThenItsTail(
      @ForAll("pool") @Size(min = 1, max = 6) List<byte[]> pool,
      @ForAll @Size(max = 6) List<@Size(max = 10) List<Integer>> scrapes,
      @ForAll("text") byte[] tail) {
    PieceGzip gzip = new PieceGzip();
    for (List<Integer> scrape : scrapes) {
      List<byte[]> pieces =
          scrape.stream().map(i -> pool.get(Math.floorMod(i, pool.size()))).toList();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      pieces.forEach(expected::writeBytes);
      expected.writeBytes(tail);

      assertThat(gunzip(gzip.gzip(pieces, tail))).isEqualTo(expected.toByteArray());
    }
  }

  @Example
  void aPieceLargerThanTheBufferAndNothingAtAll() {
    byte[] large = new byte[1 << 20];
    new java.util.Random(7).nextBytes(large); // incompressible: more output than the buffer
    PieceGzip gzip = new PieceGzip();

    assertThat(gunzip(gzip.gzip(List.of(large), new byte[0]))).isEqualTo(large);
    assertThat(gunzip(gzip.gzip(List.of(large), new byte[0]))).isEqualTo(large);
    assertThat(gunzip(gzip.gzip(List.of(), new byte[0]))).isEmpty();
  }

  @Provide
  Arbitrary<List<byte[]>> pool() {
    return text().list();
  }

  @Provide
  Arbitrary<byte[]> text() {
    // Repetitive text (as exposition text is) and any bytes, short and over deflate's window.
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab\n{}\"=").ofMaxLength(70_000).map(String::getBytes),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000));
  }

  private static byte[] gunzip(byte[] body) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
