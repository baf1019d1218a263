package io.tidemark.s3sink.connect;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.engine.EncodedRecord;
import io.tidemark.s3sink.format.EnvelopeRecord;
import io.tidemark.s3sink.format.RecordFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a Connect record into the bytes the engine stages: its original topic, partition and
 * offset, timestamp, key, value and headers, written by the configured format. Keys, values and
 * headers are streamed from the Connect data into the format (no intermediate JSON tree). Used by
 * one thread (the format keeps buffers).
 */
public final class SinkRecordEncoder {

    private final RecordFormat format;

    public SinkRecordEncoder(RecordFormat format) {
        this.format = format;
    }

    /**
     * @throws io.tidemark.s3sink.format.UnencodableRecordException when the format cannot write the record
     * @throws org.apache.kafka.connect.errors.DataException when a value is of a type JSON cannot hold
     */
    public EncodedRecord encode(SinkRecord r) {
        List<EnvelopeRecord.Header> headers;
        if (r.headers().isEmpty()) {
            headers = List.of();
        } else {
            headers = new ArrayList<>();
            for (Header h : r.headers()) {
                headers.add(new EnvelopeRecord.Header(h.key(), ConnectDataJson.toDatum(h.schema(), h.value())));
            }
        }
        String topic = r.originalTopic();
        int partition = r.originalKafkaPartition();
        long offset = r.originalKafkaOffset();
        EnvelopeRecord env = new EnvelopeRecord(topic, partition, offset, r.timestamp(),
                r.timestampType() == null ? null : r.timestampType().name,
                ConnectDataJson.toDatum(r.keySchema(), r.key()), ConnectDataJson.toDatum(r.valueSchema(), r.value()),
                headers);
        return new EncodedRecord(new TopicPartitionId(topic, partition), offset, r.timestamp(), format.encode(env));
    }
}
