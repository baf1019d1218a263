/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI in-process against a real store. */
class CheckpointToolTest {

    private static final StoreIdentity ID = new StoreIdentity("file-source/\"quoted\" owner", 3);
    private static final byte[] BINARY = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10};

    @TempDir
    Path tmp;

    private Path dir;

    private record Result(int code, String out, String err) {}

    @BeforeEach
    void createStore() {
        dir = tmp.resolve("store");
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
            s.commit(WriteBatch.create()
                    .put("offsets/a.log", "{\"offset\":42}".getBytes(StandardCharsets.UTF_8))
                    .put("offsets/b.log", "line1\nline2\t\u00e9".getBytes(StandardCharsets.UTF_8))
                    .put("offsets/bin", BINARY)
                    .put("other/x", "1".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckpointTool.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listsKeysInOrderWithSizes() {
        Result all = run("list", dir.toString());
        assertThat(all.code()).isZero();
        assertThat(all.out().lines())
                .containsExactly(
                        "offsets/a.log\t13 bytes",
                        "offsets/b.log\t14 bytes",
                        "offsets/bin\t6 bytes",
                        "other/x\t1 bytes");
        assertThat(all.err()).contains("4 entries").contains(ID.toString());

        Result prefixed = run("list", dir.toString(), "other/");
        assertThat(prefixed.out().lines()).containsExactly("other/x\t1 bytes");
    }

    @Test
    void showsTextAsUtf8AndBinaryAsBase64() {
        Result text = run("show", dir.toString(), "offsets/a.log");
        assertThat(text.code()).isZero();
        assertThat(text.out().lines()).containsExactly("offsets/a.log (13 bytes, utf-8)", "{\"offset\":42}");

        Result bin = run("show", dir.toString(), "offsets/bin");
        assertThat(bin.out().lines())
                .containsExactly(
                        "offsets/bin (6 bytes, base64)", Base64.getEncoder().encodeToString(BINARY));

        Result missing = run("show", dir.toString(), "offsets/none");
        assertThat(missing.code()).isEqualTo(CheckpointTool.NOT_FOUND);
        assertThat(missing.err()).contains("offsets/none");
    }

    @Test
    void exportsValidJsonSayingHowEachValueIsEncoded() throws Exception {
        Result r = run("export", dir.toString());
        assertThat(r.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("identity").get("owner").asText()).isEqualTo(ID.owner());
        assertThat(json.get("identity").get("schemeVersion").asInt()).isEqualTo(3);
        JsonNode entries = json.get("entries");
        assertThat(entries).hasSize(4);
        List<String> keys = new ArrayList<>();
        entries.forEach(e -> keys.add(e.get("key").asText()));
        assertThat(keys).containsExactly("offsets/a.log", "offsets/b.log", "offsets/bin", "other/x");
        assertThat(entries.get(1).get("encoding").asText()).isEqualTo("utf-8");
        assertThat(entries.get(1).get("value").asText()).isEqualTo("line1\nline2\t\u00e9");
        assertThat(entries.get(2).get("encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(entries.get(2).get("value").asText()))
                .isEqualTo(BINARY);
    }

    @Test
    void exportOfAnEmptyStoreIsValidJson() throws Exception {
        Path empty = tmp.resolve("empty");
        LmdbCheckpointStore.open(empty, ID).close();
        Result r = run("export", empty.toString());
        assertThat(new ObjectMapper().readTree(r.out()).get("entries")).isEmpty();
    }

    @Test
    void deletesKeysInOneBatchAndReportsAbsentOnes() {
        Result r = run("delete", dir.toString(), "offsets/a.log", "offsets/bin", "offsets/none");
        assertThat(r.code()).isEqualTo(CheckpointTool.NOT_FOUND);
        assertThat(r.out().lines()).containsExactlyInAnyOrder("deleted offsets/a.log", "deleted offsets/bin");
        assertThat(r.err()).contains("not found: offsets/none");
        assertThat(run("list", dir.toString()).out().lines())
                .containsExactly("offsets/b.log\t14 bytes", "other/x\t1 bytes");
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
            assertThat(s.identity()).isEqualTo(ID);
        }
    }

    @Test
    void usageAndStoreErrorsHaveTheirExitCodes() {
        assertThat(run().code()).isEqualTo(CheckpointTool.USAGE);
        assertThat(run("frobnicate", dir.toString()).code()).isEqualTo(CheckpointTool.USAGE);
        assertThat(run("show", dir.toString()).code()).isEqualTo(CheckpointTool.USAGE);
        assertThat(run("delete", dir.toString(), "__tidemark/identity").code()).isEqualTo(CheckpointTool.USAGE);
        assertThat(run("--help").code()).isZero();
        Result missing = run("list", tmp.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(CheckpointTool.STORE_ERROR);
        assertThat(missing.err()).contains("no checkpoint store").contains("nowhere");
        Result deleteMissing = run("delete", tmp.resolve("nowhere").toString(), "k");
        assertThat(deleteMissing.code()).isEqualTo(CheckpointTool.STORE_ERROR);
        assertThat(tmp.resolve("nowhere")).doesNotExist();
    }

    /** A connector (another process) holds the store: reads work, delete is refused and names it. */
    @Test
    void deleteIsRefusedWhileAnotherProcessHoldsTheStore() throws Exception {
        Path stderr = tmp.resolve("holder-stderr.txt");
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.tidemark.store.lmdb.StoreHolderMain",
                dir.toString(),
                ID.owner(),
                String.valueOf(ID.schemeVersion()));
        Process holder = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertThat(ready)
                    .as(Files.exists(stderr) ? Files.readString(stderr) : "")
                    .startsWith("READY ");
            String pid = ready.substring("READY ".length());

            Result refused = run("delete", dir.toString(), "offsets/a.log");
            assertThat(refused.code()).isEqualTo(CheckpointTool.LOCKED);
            assertThat(refused.err())
                    .contains("refused")
                    .contains("locked by another process")
                    .contains("pid " + pid);

            assertThat(run("show", dir.toString(), "offsets/a.log").code()).isZero();
            assertThat(run("list", dir.toString()).out().lines()).hasSize(4);
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.toHandle().destroyForcibly();
            }
        }
        assertThat(run("delete", dir.toString(), "offsets/a.log").code()).isZero();
    }
}
