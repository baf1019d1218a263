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
import java.io.RandomAccessFile;
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
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

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
            Result verify = run("verify", dir.toString());
            assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(20, TimeUnit.SECONDS)) {
                holder.toHandle().destroyForcibly();
            }
        }
        assertThat(run("delete", dir.toString(), "offsets/a.log").code()).isZero();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(Result r) throws Exception {
        assertThat(r.out().lines())
                .as("one JSON document on one line: " + r.out())
                .hasSize(1);
        return JSON.readTree(r.out());
    }

    @Test
    void listWithJsonGivesKeysSizesAndIdentity() throws Exception {
        Result r = run("--json", "list", dir.toString());
        assertThat(r.code()).isZero();
        JsonNode j = json(r);
        assertThat(j.get("directory").asText()).isEqualTo(dir.toAbsolutePath().toString());
        assertThat(j.get("identity").get("owner").asText()).isEqualTo(ID.owner());
        assertThat(j.get("identity").get("schemeVersion").asInt()).isEqualTo(3);
        assertThat(j.get("count").asInt()).isEqualTo(4);
        List<String> keys = new ArrayList<>();
        j.get("entries")
                .forEach(e ->
                        keys.add(e.get("key").asText() + "=" + e.get("bytes").asInt()));
        assertThat(keys).containsExactly("offsets/a.log=13", "offsets/b.log=14", "offsets/bin=6", "other/x=1");

        JsonNode prefixed = json(run("list", dir.toString(), "other/", "--json"));
        assertThat(prefixed.get("prefix").asText()).isEqualTo("other/");
        assertThat(prefixed.get("entries")).hasSize(1);
    }

    @Test
    void showWithJsonGivesTheValueAndItsEncoding() throws Exception {
        JsonNode text = json(run("--json", "show", dir.toString(), "offsets/b.log"));
        assertThat(text.get("key").asText()).isEqualTo("offsets/b.log");
        assertThat(text.get("bytes").asInt()).isEqualTo(14);
        assertThat(text.get("encoding").asText()).isEqualTo("utf-8");
        assertThat(text.get("value").asText()).isEqualTo("line1\nline2\t\u00e9");

        JsonNode bin = json(run("--json", "show", dir.toString(), "offsets/bin"));
        assertThat(bin.get("encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(bin.get("value").asText())).isEqualTo(BINARY);

        Result missing = run("--json", "show", dir.toString(), "offsets/none");
        assertThat(missing.code()).isEqualTo(CheckpointTool.NOT_FOUND);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("offsets/none");
    }

    @Test
    void deleteWithJsonListsDeletedAndAbsentKeys() throws Exception {
        Result r = run("--json", "delete", dir.toString(), "offsets/a.log", "offsets/none");
        assertThat(r.code()).isEqualTo(CheckpointTool.NOT_FOUND);
        JsonNode j = json(r);
        assertThat(j.get("deleted")).extracting(JsonNode::asText).containsExactly("offsets/a.log");
        assertThat(j.get("notFound")).extracting(JsonNode::asText).containsExactly("offsets/none");
        assertThat(r.err()).contains("not found: offsets/none");
    }

    @Test
    void exportAcceptsJsonAndStoreErrorsStayOnStderr() throws Exception {
        Result r = run("--json", "export", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(JSON.readTree(r.out()).get("entries")).hasSize(4);

        Result missing = run("--json", "list", tmp.resolve("nowhere").toString());
        assertThat(missing.code()).isEqualTo(CheckpointTool.STORE_ERROR);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).contains("no checkpoint store");
        assertThat(run("--jsn", "list", dir.toString()).code()).isEqualTo(CheckpointTool.USAGE);
        assertThat(run("--json").code()).isEqualTo(CheckpointTool.USAGE);
        assertThat(run("help").out()).contains("verify");
        assertThat(run("--json", "show", dir.toString(), "help").code()).isEqualTo(CheckpointTool.NOT_FOUND);
        assertThat(run("show", "--", dir.toString(), "--json").err()).contains("no key '--json'");
    }

    @Test
    void verifyFindsASoundStoreSound() throws Exception {
        Result human = run("verify", dir.toString());
        assertThat(human.code()).as(human.out() + human.err()).isZero();
        assertThat(human.out()).startsWith("SOUND ").contains(ID.toString()).contains("4 entries");

        JsonNode j = json(run("--json", "verify", dir.toString()));
        assertThat(j.get("sound").asBoolean()).isTrue();
        assertThat(j.get("identity").get("owner").asText()).isEqualTo(ID.owner());
        assertThat(j.get("entries").asInt()).isEqualTo(4);
        assertThat(j.get("valueBytes").asInt()).isEqualTo(13 + 14 + 6 + 1);
        assertThat(j.get("checks"))
                .extracting(JsonNode::asText)
                .containsExactly("opens-read-only", "identity", "keys", "values");
        assertThat(j.get("problems")).isEmpty();
    }

    @Test
    void verifyReportsACorruptIdentityRecord() throws Exception {
        rawPut(StoreIdentity.KEY.getBytes(StandardCharsets.UTF_8), "not an identity".getBytes(StandardCharsets.UTF_8));

        Result r = run("--json", "verify", dir.toString());
        assertThat(r.code()).isEqualTo(CheckpointTool.CORRUPT);
        JsonNode j = json(r);
        assertThat(j.get("sound").asBoolean()).isFalse();
        assertThat(j.get("identity").isNull()).isTrue();
        assertThat(j.get("entries").asInt()).isEqualTo(4);
        assertThat(j.get("problems")).hasSize(1);
        assertThat(j.get("problems").get(0).get("check").asText()).isEqualTo("identity");
        assertThat(j.get("problems").get(0).get("key").asText()).isEqualTo(StoreIdentity.KEY);
        assertThat(j.get("problems").get(0).get("message").asText()).contains("identity record");

        Result human = run("verify", dir.toString());
        assertThat(human.code()).isEqualTo(CheckpointTool.CORRUPT);
        assertThat(human.out())
                .contains("PROBLEM [identity] __tidemark/identity")
                .contains("CORRUPT ");
    }

    @Test
    void verifyReportsAMissingIdentityRecord() throws Exception {
        rawDelete(StoreIdentity.KEY.getBytes(StandardCharsets.UTF_8));
        Result r = run("verify", dir.toString());
        assertThat(r.code()).isEqualTo(CheckpointTool.CORRUPT);
        assertThat(r.out()).contains("PROBLEM [identity]").contains("no identity record");
    }

    @Test
    void verifyNamesEachBadKey() throws Exception {
        byte[] notUtf8 = {'o', 'f', 'f', (byte) 0xc3, (byte) 0x28};
        rawPut(notUtf8, "1".getBytes(StandardCharsets.UTF_8));
        rawPut("__tidemark/unknown".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8));

        Result r = run("--json", "verify", dir.toString());
        assertThat(r.code()).isEqualTo(CheckpointTool.CORRUPT);
        List<String> problems = new ArrayList<>();
        json(r).get("problems")
                .forEach(p -> problems.add(p.get("check").asText() + " "
                        + p.get("key").asText() + " " + p.get("message").asText()));
        assertThat(problems)
                .hasSize(2)
                .anyMatch(p -> p.startsWith("keys hex:6f6666c328 key is not valid UTF-8"))
                .anyMatch(p -> p.startsWith("keys __tidemark/unknown unknown reserved key"));
    }

    @Test
    void verifyReportsATruncatedDataFileAndReadCommandsRefuseIt() throws Exception {
        Path big = tmp.resolve("big");
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(big, ID)) {
            WriteBatch batch = WriteBatch.create();
            for (int i = 0; i < 300; i++) {
                batch.put(String.format("offsets/%04d", i), new byte[2000]);
            }
            s.commit(batch);
        }
        Path data = big.resolve("data.mdb");
        long size = Files.size(data);
        truncate(data, size / 2);

        Result r = run("--json", "verify", big.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(CheckpointTool.CORRUPT);
        JsonNode problem = json(r).get("problems").get(0);
        assertThat(problem.get("check").asText()).isEqualTo("opens-read-only");
        assertThat(problem.get("message").asText())
                .contains("data.mdb is truncated")
                .contains(big.toString());

        // In a child JVM: reading past the end of the mapped file would kill the process (SIGBUS).
        Process list = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CheckpointTool.class.getName(),
                        "list",
                        big.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(list.exitValue()).as(output).isEqualTo(CheckpointTool.STORE_ERROR);
        assertThat(output).contains("data.mdb is truncated");
    }

    @Test
    void verifyReportsADataFileThatIsNotLmdb() throws Exception {
        truncate(dir.resolve("data.mdb"), 100);
        Result r = run("verify", dir.toString());
        assertThat(r.code()).isEqualTo(CheckpointTool.CORRUPT);
        assertThat(r.out()).contains("PROBLEM [opens-read-only]").contains("not an LMDB database");

        Result none = run("verify", tmp.resolve("nowhere").toString());
        assertThat(none.code()).isEqualTo(CheckpointTool.STORE_ERROR);
        assertThat(none.err()).contains("no checkpoint store");
    }

    private static void truncate(Path file, long length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    /** Writes below the store API, as a damaged copy or a foreign writer would. */
    private void rawPut(byte[] key, byte[] value) {
        try (Env<byte[]> env = rawEnv()) {
            Dbi<byte[]> dbi = env.openDbi((byte[]) null);
            try (Txn<byte[]> txn = env.txnWrite()) {
                dbi.put(txn, key, value);
                txn.commit();
            }
        }
    }

    private void rawDelete(byte[] key) {
        try (Env<byte[]> env = rawEnv()) {
            Dbi<byte[]> dbi = env.openDbi((byte[]) null);
            try (Txn<byte[]> txn = env.txnWrite()) {
                assertThat(dbi.delete(txn, key)).isTrue();
                txn.commit();
            }
        }
    }

    private Env<byte[]> rawEnv() {
        return Env.create(ByteArrayProxy.PROXY_BA)
                .setMapSize(64L << 20)
                .setMaxDbs(1)
                .open(dir.toFile());
    }
}
