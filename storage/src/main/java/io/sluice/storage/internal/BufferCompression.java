package io.sluice.storage.internal;

import io.sluice.storage.Compression;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/** The Arrow codec of a table's {@link Compression}; codecs are stateless and shared. */
final class BufferCompression {

  private static final CompressionCodec LZ4 =
      CommonsCompressionFactory.INSTANCE.createCodec(CompressionUtil.CodecType.LZ4_FRAME);
  private static final CompressionCodec ZSTD =
      CommonsCompressionFactory.INSTANCE.createCodec(CompressionUtil.CodecType.ZSTD);

  private BufferCompression() {}

  /**
   * @param compression a table's compression
   * @return its codec, or null for {@link Compression#NONE}
   */
  static CompressionCodec codec(Compression compression) {
    switch (compression) {
      case LZ4_FRAME:
        return LZ4;
      case ZSTD:
        return ZSTD;
      default:
        return null;
    }
  }
}
