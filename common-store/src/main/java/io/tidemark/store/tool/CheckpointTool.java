/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.tool;

import io.tidemark.store.CheckpointStore;
import io.tidemark.store.CheckpointStoreException;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import io.tidemark.store.lmdb.LmdbStoreOptions;
import io.tidemark.store.lmdb.StoreLockedException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Operator CLI for an LMDB checkpoint store directory.
 *
 * <pre>
 * java -jar checkpoint-tool.jar list   &lt;dir&gt; [prefix]   keys and value sizes
 * java -jar checkpoint-tool.jar show   &lt;dir&gt; &lt;key&gt;      one value (UTF-8 text, or base64 if binary)
 * java -jar checkpoint-tool.jar export &lt;dir&gt;            JSON: identity and every entry
 * java -jar checkpoint-tool.jar delete &lt;dir&gt; &lt;key&gt;...   remove keys (one atomic batch)
 * </pre>
 *
 * Read commands open the store read-only and take no lock, so they work while a connector runs.
 * {@code delete} takes the store's lock and refuses while another process holds it.
 *
 * <p>Exit codes: 0 done, 1 key not found, 2 usage error, 3 store locked by another process,
 * 4 store error.
 */
public final class CheckpointTool {

    public static final int OK = 0;
    public static final int NOT_FOUND = 1;
    public static final int USAGE = 2;
    public static final int LOCKED = 3;
    public static final int STORE_ERROR = 4;

    private static final String USAGE_TEXT = String.join(
            "\n",
            "usage: checkpoint-tool <command> <store-dir> [args]",
            "  list   <dir> [prefix]   keys (and value sizes) under prefix, in key byte order",
            "  show   <dir> <key>      one value: UTF-8 text if printable, else base64 (the header says which)",
            "  export <dir>            JSON with the store identity and every entry (encoding per value)",
            "  delete <dir> <key>...   remove keys in one atomic batch; refused while another process"
                    + " holds the store",
            "Read commands take no lock and work while a connector runs.");

    private final PrintStream out;
    private final PrintStream err;

    private CheckpointTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new CheckpointTool(out, err).dispatch(args);
    }

    private int dispatch(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String cmd = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (cmd) {
                case "list" ->
                    rest.size() == 1 || rest.size() == 2
                            ? list(Path.of(rest.get(0)), rest.size() == 2 ? rest.get(1) : "")
                            : usage("list <dir> [prefix]");
                case "show" -> rest.size() == 2 ? show(Path.of(rest.get(0)), rest.get(1)) : usage("show <dir> <key>");
                case "export" -> rest.size() == 1 ? export(Path.of(rest.get(0))) : usage("export <dir>");
                case "delete" ->
                    rest.size() >= 2
                            ? delete(Path.of(rest.get(0)), rest.subList(1, rest.size()))
                            : usage("delete <dir> <key>...");
                default -> usage("unknown command '" + cmd + "'");
            };
        } catch (StoreLockedException e) {
            err.println("refused: " + e.getMessage());
            return LOCKED;
        } catch (CheckpointStoreException e) {
            err.println("error: " + e.getMessage());
            return STORE_ERROR;
        }
    }

    private int usage(String problem) {
        err.println("usage error: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }

    private int list(Path dir, String prefix) {
        try (CheckpointStore store = LmdbCheckpointStore.openReadOnly(dir)) {
            SortedMap<String, byte[]> entries = store.scan(prefix);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.println(e.getKey() + "\t" + e.getValue().length + " bytes");
            }
            err.println(entries.size() + " entries" + (prefix.isEmpty() ? "" : " under '" + prefix + "'") + " in " + dir
                    + " (" + store.identity() + ")");
            return OK;
        }
    }

    private int show(Path dir, String key) {
        try (CheckpointStore store = LmdbCheckpointStore.openReadOnly(dir)) {
            Optional<byte[]> value = store.get(key);
            if (value.isEmpty()) {
                err.println("no key '" + key + "' in " + dir);
                return NOT_FOUND;
            }
            byte[] v = value.get();
            Optional<String> text = printableUtf8(v);
            out.println(key + " (" + v.length + " bytes, " + (text.isPresent() ? "utf-8" : "base64") + ")");
            out.println(text.orElseGet(() -> Base64.getEncoder().encodeToString(v)));
            return OK;
        }
    }

    private int export(Path dir) {
        try (CheckpointStore store = LmdbCheckpointStore.openReadOnly(dir)) {
            StoreIdentity id = store.identity();
            StringBuilder json = new StringBuilder(4096);
            json.append("{\n  \"directory\": ")
                    .append(Json.string(dir.toAbsolutePath().toString()));
            json.append(",\n  \"identity\": {\"owner\": ")
                    .append(Json.string(id.owner()))
                    .append(", \"schemeVersion\": ")
                    .append(id.schemeVersion())
                    .append('}');
            json.append(",\n  \"entries\": [");
            boolean first = true;
            for (Map.Entry<String, byte[]> e : store.scan("").entrySet()) {
                Optional<String> text = printableUtf8(e.getValue());
                json.append(first ? "\n" : ",\n")
                        .append("    {\"key\": ")
                        .append(Json.string(e.getKey()))
                        .append(", \"encoding\": \"")
                        .append(text.isPresent() ? "utf-8" : "base64")
                        .append("\", \"value\": ")
                        .append(Json.string(
                                text.orElseGet(() -> Base64.getEncoder().encodeToString(e.getValue()))))
                        .append('}');
                first = false;
            }
            json.append(first ? "]\n}" : "\n  ]\n}");
            out.println(json);
            return OK;
        }
    }

    private int delete(Path dir, List<String> keys) {
        for (String k : keys) {
            if (k.isEmpty() || k.startsWith(CheckpointStore.RESERVED_PREFIX)) {
                return usage("cannot delete '" + k + "': empty or reserved key");
            }
        }
        try (CheckpointStore store = LmdbCheckpointStore.openExisting(dir, LmdbStoreOptions.defaults())) {
            WriteBatch batch = WriteBatch.create();
            List<String> absent = new ArrayList<>();
            for (String k : keys) {
                if (store.get(k).isPresent()) {
                    batch.delete(k);
                } else {
                    absent.add(k);
                }
            }
            store.commit(batch);
            for (WriteBatch.Op op : batch.ops()) {
                out.println("deleted " + op.key());
            }
            for (String k : absent) {
                err.println("not found: " + k);
            }
            return absent.isEmpty() ? OK : NOT_FOUND;
        }
    }

    /** The value as text when it is valid UTF-8 without control characters (tab and newlines allowed). */
    static Optional<String> printableUtf8(byte[] v) {
        String s;
        try {
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(v))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }
}
