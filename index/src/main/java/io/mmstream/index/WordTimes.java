package io.mmstream.index;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.BytesRef;

/** The words of an utterance with their times, packed into a stored field and back. */
final class WordTimes {

    private WordTimes() {}

    static byte[] pack(List<Entry.TimedWord> words) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(words.size() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(words.size());
            for (Entry.TimedWord w : words) {
                out.writeUTF(w.text());
                out.writeLong(w.startUs());
                out.writeLong(w.endUs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Entry.TimedWord> unpack(BytesRef stored) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(stored.bytes, stored.offset, stored.length))) {
            int n = in.readInt();
            List<Entry.TimedWord> words = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                words.add(new Entry.TimedWord(in.readUTF(), in.readLong(), in.readLong()));
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
