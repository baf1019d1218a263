/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.testing.DuckDbParquet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged rows to Parquet: deterministic bytes, one schema per chunk, row groups bounded in size. */
class ParquetChunkTranscoderTest {

    private static final DataType.Struct VALUE = new DataType.Struct(List.of(
            new DataType.Field("id", DataType.Primitive.INT64, false),
            new DataType.Field("text", DataType.Primitive.STRING, true),
            new DataType.Field("amount", new DataType.Decimal(3, 10), true),
            new DataType.Field(
                    "tags", new DataType.Array(new DataType.Field("element", DataType.Primitive.STRING, true)), true)));

    @TempDir
    Path tmp;

    private static byte[] staged(ParquetRecordFormat format, RowSchema schema, int from, int to, int textBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            String text = ("t" + i + "-").repeat(textBytes / 3 + 1).substring(0, textBytes);
            Object[] value = {(long) i, i % 3 == 0 ? null : text, BigDecimal.valueOf(i, 3), List.of("a", "b" + i)};
            out.writeBytes(format.encode(
                    schema,
                    new Row(
                            "t",
                            0,
                            i,
                            1_700_000_000_000L + i,
                            "CreateTime",
                            "k" + i,
                            value,
                            List.of(new Row.Header("h", "\"v\"")))));
        }
        return out.toByteArray();
    }

    private static byte[] transcode(ParquetRecordFormat format, byte[] staged) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.transcoder().transcode(new ByteArrayInputStream(staged), out);
        return out.toByteArray();
    }

    @Test
    void theSameStagedRowsGiveByteIdenticalParquetInAnotherFormatInstance() throws IOException {
        RowSchema schema = RowSchema.of(DataType.Primitive.STRING, VALUE);
        ParquetRecordFormat first =
                new ParquetRecordFormat(ParquetRecordFormat.Schemaless.FAIL, Compression.ZSTD, -1, 1 << 20);
        ParquetRecordFormat replay =
                new ParquetRecordFormat(ParquetRecordFormat.Schemaless.FAIL, Compression.ZSTD, -1, 1 << 20);
        byte[] a = transcode(first, staged(first, schema, 0, 5_000, 40));
        byte[] b = transcode(replay, staged(replay, schema, 0, 5_000, 40));
        assertThat(b).isEqualTo(a);
        assertThat(new String(a, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PAR1");
    }

    @Test
    void aStagedChunkWithRowsOfTwoSchemasIsRefused() {
        ParquetRecordFormat format =
                new ParquetRecordFormat(ParquetRecordFormat.Schemaless.FAIL, Compression.NONE, -1, 1 << 20);
        RowSchema one = RowSchema.of(DataType.Primitive.STRING, VALUE);
        RowSchema two = RowSchema.of(DataType.Primitive.INT64, VALUE);
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        mixed.writeBytes(staged(format, one, 0, 2, 10));
        mixed.writeBytes(format.encode(two, new Row("t", 0, 2, null, null, 2L, null, List.of())));
        assertThatThrownBy(() -> transcode(format, mixed.toByteArray()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two schemas");
    }

    @Test
    void rowGroupsAreFlushedAtTheConfiguredSizeSoHeapStaysBounded() throws IOException {
        RowSchema schema = RowSchema.of(DataType.Primitive.STRING, VALUE);
        ParquetRecordFormat format =
                new ParquetRecordFormat(ParquetRecordFormat.Schemaless.FAIL, Compression.NONE, -1, 1 << 20);
        byte[] staged = staged(format, schema, 0, 20_000, 300); // about 6 MB of text, incompressible by dictionary
        Path file = tmp.resolve("big.parquet");
        Files.write(file, transcode(format, staged));
        try (DuckDbParquet duck = new DuckDbParquet()) {
            List<Map<String, Object>> groups = duck.query(
                    "SELECT row_group_id, max(row_group_num_rows) AS n, max(row_group_bytes) AS bytes"
                            + " FROM parquet_metadata(?) GROUP BY row_group_id ORDER BY row_group_id",
                    file);
            assertThat(groups.size()).as("row groups of a 6 MB chunk at 1 MiB").isGreaterThanOrEqualTo(4);
            assertThat(groups).allSatisfy(g -> assertThat(((Number) g.get("bytes")).longValue())
                    .isLessThan(2L << 20));
            assertThat(duck.query("SELECT count(*) AS n, count(DISTINCT \"offset\") AS d FROM read_parquet(?)", file))
                    .containsExactly(Map.of("n", 20_000L, "d", 20_000L));
        }
    }

    @Test
    void aDecimalWithMoreDigitsThanItsPrecisionIsUnencodableNamingTheField() {
        ParquetRecordFormat format =
                new ParquetRecordFormat(ParquetRecordFormat.Schemaless.FAIL, Compression.NONE, -1, 1 << 20);
        RowSchema schema = RowSchema.of(DataType.Primitive.STRING, VALUE);
        Object[] value = {1L, null, new BigDecimal("123456789.123"), List.of()};
        assertThatThrownBy(() -> format.encode(schema, new Row("t", 0, 9, null, null, "k", value, List.of())))
                .isInstanceOf(UnencodableRecordException.class)
                .hasMessageContaining("t-0@9")
                .hasMessageContaining("value.amount")
                .hasMessageContaining("precision");
    }
}
