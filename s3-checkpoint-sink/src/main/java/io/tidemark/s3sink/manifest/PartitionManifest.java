package io.tidemark.s3sink.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The S3 manifest object of one topic partition: which chunks hold its records, in offset order,
 * and the first offset no chunk holds ({@code nextOffset}, -1 while empty). {@code epoch} grows
 * each time a task takes the partition over; {@code writeId} is unique per write so that a writer
 * can tell its own write from another's after an ambiguous failure.
 */
public record PartitionManifest(int formatVersion, String topic, int partition, long epoch, String owner,
                                String writeId, long nextOffset, List<ChunkEntryRecord> chunks) {

    public static final int FORMAT_VERSION = 1;

    public PartitionManifest {
        chunks = chunks == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(chunks));
    }

    public static PartitionManifest empty(String topic, int partition) {
        return new PartitionManifest(FORMAT_VERSION, topic, partition, 0, null, null, -1, List.of());
    }

    /** The same chunks under a new epoch, taken by {@code newOwner}. */
    public PartitionManifest takenOverBy(String newOwner, String newWriteId) {
        return new PartitionManifest(FORMAT_VERSION, topic, partition, epoch + 1, newOwner, newWriteId, nextOffset,
                chunks);
    }

    /** This manifest with one more chunk at the end. */
    public PartitionManifest plus(ChunkEntryRecord chunk, String newWriteId) {
        if (nextOffset >= 0 && chunk.startOffset() < nextOffset) {
            throw new IllegalArgumentException("chunk " + chunk.key() + " starts at " + chunk.startOffset()
                    + " but the manifest of " + topic + "-" + partition + " already holds offsets below " + nextOffset);
        }
        List<ChunkEntryRecord> next = new ArrayList<>(chunks.size() + 1);
        next.addAll(chunks);
        next.add(chunk);
        return new PartitionManifest(FORMAT_VERSION, topic, partition, epoch, owner, newWriteId,
                chunk.endOffset() + 1, next);
    }

    public boolean lists(String key) {
        for (ChunkEntryRecord c : chunks) {
            if (c.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    public ChunkEntryRecord last() {
        return chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
    }
}
