package dev.kefu.embedded.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * A file of BSON documents, each framed as {@code [length][crc32][bson]}, written by appending. A torn tail (a crash
 * mid-write) fails its length or checksum: reading stops there and {@link #read} reports the valid length, so the
 * tail can be cut off before appending again.
 */
final class RecordFile {

    private RecordFile() {
    }

    static byte[] encode(Document document) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bson = new byte[buffer.readableBytes()];
            buffer.readBytes(bson);
            CRC32 crc = new CRC32();
            crc.update(bson);
            return ByteBuffer.allocate(8 + bson.length).putInt(bson.length).putInt((int) crc.getValue()).put(bson)
                    .array();
        } finally {
            buffer.release();
        }
    }

    /** Appends the framed records and forces them to disk. */
    static long append(FileChannel channel, List<byte[]> records) throws IOException {
        long written = 0;
        ByteBuffer batch = ByteBuffer.allocate((int) Math.min(records.stream().mapToLong(r -> r.length).sum(),
                8 << 20));
        for (byte[] record : records) {
            if (batch.remaining() < record.length) {
                written += flush(channel, batch);
                if (record.length > batch.capacity()) {
                    written += writeFully(channel, ByteBuffer.wrap(record));
                    continue;
                }
            }
            batch.put(record);
        }
        written += flush(channel, batch);
        channel.force(false);
        return written;
    }

    private static long flush(FileChannel channel, ByteBuffer batch) throws IOException {
        batch.flip();
        long n = writeFully(channel, batch);
        batch.clear();
        return n;
    }

    private static long writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        long n = 0;
        while (buffer.hasRemaining()) {
            n += channel.write(buffer);
        }
        return n;
    }

    /** Reads records until the end or the first damaged one; returns the length of the valid prefix. */
    static long read(Path file, Consumer<Document> records) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long valid = 0;
        try (InputStream raw = Files.newInputStream(file, StandardOpenOption.READ);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            while (true) {
                int length;
                int crc;
                try {
                    length = in.readInt();
                    crc = in.readInt();
                } catch (EOFException end) {
                    return valid;
                }
                if (length < 5 || length > 64 << 20) {
                    return valid;
                }
                byte[] bson = new byte[length];
                try {
                    in.readFully(bson);
                } catch (EOFException torn) {
                    return valid;
                }
                CRC32 check = new CRC32();
                check.update(bson);
                if ((int) check.getValue() != crc) {
                    return valid;
                }
                ByteBuf buffer = Unpooled.wrappedBuffer(bson);
                records.accept(BsonDecoder.decodeBson(buffer));
                valid += 8 + length;
            }
        }
    }
}
