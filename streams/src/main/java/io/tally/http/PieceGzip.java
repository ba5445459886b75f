package io.tally.http;

import java.io.ByteArrayOutputStream;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip body assembled from pieces compressed one by one, each piece's compressed bytes kept for
 * as long as the same array comes again. Most of a scrape is the same from one scrape to the next
 * (the figure series of totals that did not move are the very same arrays), so most of it is not
 * compressed again.
 *
 * <p>Each piece is deflated alone, with no window from the pieces before it, and ends in a sync
 * flush: byte-aligned, non-final blocks that follow one another as one valid deflate stream (the
 * way pigz assembles its output), closed by an empty final block. The CRC and length are those of
 * the whole text. At deflate's fastest level: on 6.5 MB of 10,000 figures' text, the default level
 * took 1.6x as long (28 vs 18 ms) for a body 18% smaller; a scrape is CPU on the app, bytes on a
 * local network.
 *
 * <p>A piece must never change after it is given: its compression is found by identity.
 */
final class PieceGzip {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};
  // An empty final block with fixed codes: BFINAL 1, BTYPE 01, end-of-block (7 zero bits).
  private static final byte[] LAST_BLOCK = {0x03, 0x00};

  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
  private final byte[] buffer = new byte[64 * 1024];
  private IdentityHashMap<byte[], byte[]> compressed = new IdentityHashMap<>();

  /**
   * The gzip body of {@code pieces} then {@code tail}, in that order; {@code tail} is compressed
   * afresh and not kept.
   */
  synchronized byte[] gzip(List<byte[]> pieces, byte[] tail) {
    IdentityHashMap<byte[], byte[]> kept = new IdentityHashMap<>(pieces.size() * 2);
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
    body.writeBytes(HEADER);
    CRC32 crc = new CRC32();
    long length = 0;
    for (byte[] piece : pieces) {
      if (piece.length == 0) {
        continue;
      }
      byte[] deflated = compressed.get(piece);
      if (deflated == null) {
        deflated = deflate(piece);
      }
      kept.put(piece, deflated);
      body.writeBytes(deflated);
      crc.update(piece);
      length += piece.length;
    }
    if (tail.length > 0) {
      body.writeBytes(deflate(tail));
      crc.update(tail);
      length += tail.length;
    }
    // Only the pieces of this body are kept: a piece that did not come again never will.
    compressed = kept;
    body.writeBytes(LAST_BLOCK);
    writeIntLe(body, crc.getValue());
    writeIntLe(body, length);
    return body.toByteArray();
  }

  private byte[] deflate(byte[] piece) {
    deflater.reset();
    deflater.setInput(piece);
    ByteArrayOutputStream out = new ByteArrayOutputStream(piece.length / 4 + 64);
    int n;
    // Until a flush leaves room in the buffer: then all of the input is out, byte-aligned.
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    return out.toByteArray();
  }

  private static void writeIntLe(ByteArrayOutputStream out, long value) {
    out.write((int) (value & 0xff));
    out.write((int) ((value >>> 8) & 0xff));
    out.write((int) ((value >>> 16) & 0xff));
    out.write((int) ((value >>> 24) & 0xff));
  }
}
