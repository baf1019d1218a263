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
import io.tidemark.store.lmdb.StoreVerification;
import io.tidemark.store.lmdb.StoreVerifier;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Operator CLI for an LMDB checkpoint store directory.
 *
 * <pre>
 * checkpoint-tool [--json] list   &lt;dir&gt; [prefix]   keys and value sizes
 * checkpoint-tool [--json] show   &lt;dir&gt; &lt;key&gt;      one value (UTF-8 text, or base64 if binary)
 * checkpoint-tool          export &lt;dir&gt;            JSON: identity and every entry
 * checkpoint-tool [--json] delete &lt;dir&gt; &lt;key&gt;...   remove keys (one atomic batch)
 * checkpoint-tool [--json] verify &lt;dir&gt;            is the store sound (see {@link StoreVerifier})
 * </pre>
 *
 * Shipped as {@code bin/checkpoint-tool} in every connector plugin (it runs this class with the
 * plugin's {@code lib/} and the worker's SLF4J) and as the self-contained
 * {@code checkpoint-tool.jar} for other hosts.
 *
 * <p>Read commands (list, show, export, verify) open the store read-only and take no lock, so they
 * work while a connector runs. {@code delete} takes the store's lock and refuses while another
 * process holds it.
 *
 * <p>{@code --json} (anywhere before {@code --}) makes every command write one JSON document to
 * stdout; errors still go to stderr as text, with the exit code. Exit codes: 0 done (verify: the
 * store is sound), 1 key not found, 2 usage error, 3 store locked by another process, 4 store error,
 * 5 verify found the store corrupt (each problem is named).
 */
public final class CheckpointTool {

    public static final int OK = 0;
    public static final int NOT_FOUND = 1;
    public static final int USAGE = 2;
    public static final int LOCKED = 3;
    public static final int STORE_ERROR = 4;
    public static final int CORRUPT = 5;

    private static final String USAGE_TEXT = String.join(
            "\n",
            "usage: checkpoint-tool [--json] <command> <store-dir> [args]",
            "  list   <dir> [prefix]   keys (and value sizes) under prefix, in key byte order",
            "  show   <dir> <key>      one value: UTF-8 text if printable, else base64 (the header says which)",
            "  export <dir>            JSON with the store identity and every entry (encoding per value)",
            "  delete <dir> <key>...   remove keys in one atomic batch; refused while another process"
                    + " holds the store",
            "  verify <dir>            check that the store is sound: it opens read-only, its identity record is",
            "                          valid, every key is valid UTF-8 within " + CheckpointStore.MAX_KEY_BYTES
                    + " bytes, every value reads",
            "--json: one JSON document on stdout for every command (errors stay on stderr). '--' ends options.",
            "Read commands (list, show, export, verify) take no lock and work while a connector runs.",
            "Exit codes: 0 done/sound, 1 key not found, 2 usage, 3 store locked, 4 store error, 5 store corrupt.");

    private final PrintStream out;
    private final PrintStream err;
    private boolean json;

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

    private int dispatch(String[] rawArgs) {
        List<String> args = new ArrayList<>();
        boolean options = true;
        for (String a : rawArgs) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.equals("--json")) {
                json = true;
            } else if (options && (a.equals("-h") || a.equals("--help") || (args.isEmpty() && a.equals("help")))) {
                out.println(USAGE_TEXT);
                return OK;
            } else if (options && a.startsWith("--")) {
                return usage("unknown option '" + a + "'");
            } else {
                args.add(a);
            }
        }
        if (args.isEmpty()) {
            return usage("no command");
        }
        String cmd = args.get(0);
        List<String> rest = args.subList(1, args.size());
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
                case "verify" -> rest.size() == 1 ? verify(Path.of(rest.get(0))) : usage("verify <dir>");
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
            if (json) {
                List<String> items = new ArrayList<>();
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    items.add(Json.object()
                            .add("key", e.getKey())
                            .add("bytes", e.getValue().length)
                            .toString());
                }
                out.println(Json.object()
                        .add("directory", dir.toAbsolutePath().toString())
                        .raw("identity", identity(store.identity()))
                        .add("prefix", prefix)
                        .add("count", entries.size())
                        .raw("entries", Json.array(items)));
                return OK;
            }
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
            if (json) {
                out.println(Json.object()
                        .add("directory", dir.toAbsolutePath().toString())
                        .add("key", key)
                        .add("bytes", v.length)
                        .add("encoding", text.isPresent() ? "utf-8" : "base64")
                        .add("value", text.orElseGet(() -> Base64.getEncoder().encodeToString(v))));
                return OK;
            }
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
            json.append(",\n  \"identity\": ").append(identity(id));
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
            List<String> deleted = new ArrayList<>();
            for (WriteBatch.Op op : batch.ops()) {
                deleted.add(op.key());
            }
            if (json) {
                out.println(Json.object()
                        .add("directory", dir.toAbsolutePath().toString())
                        .raw("deleted", Json.stringArray(deleted))
                        .raw("notFound", Json.stringArray(absent)));
            } else {
                for (String k : deleted) {
                    out.println("deleted " + k);
                }
            }
            for (String k : absent) {
                err.println("not found: " + k);
            }
            return absent.isEmpty() ? OK : NOT_FOUND;
        }
    }

    private int verify(Path dir) {
        StoreVerification v = StoreVerifier.verify(dir);
        if (json) {
            List<String> problems = new ArrayList<>();
            for (StoreVerification.Problem p : v.problems()) {
                problems.add(Json.object()
                        .add("check", p.check())
                        .add("key", p.key())
                        .add("message", p.message())
                        .toString());
            }
            out.println(Json.object()
                    .add("directory", dir.toAbsolutePath().toString())
                    .add("sound", v.sound())
                    .raw("identity", v.identity().map(CheckpointTool::identity).orElse(null))
                    .add("entries", v.entries())
                    .add("valueBytes", v.valueBytes())
                    .raw("checks", Json.stringArray(v.checks()))
                    .raw("problems", Json.array(problems)));
        } else {
            for (StoreVerification.Problem p : v.problems()) {
                out.println(
                        "PROBLEM [" + p.check() + "]" + (p.key() == null ? "" : " " + p.key()) + ": " + p.message());
            }
            String who = v.identity().map(StoreIdentity::toString).orElse("identity unknown");
            out.println((v.sound() ? "SOUND " : "CORRUPT ") + dir + ": " + who + ", " + v.entries() + " entries, "
                    + v.valueBytes() + " value bytes; checks run: " + String.join(", ", v.checks())
                    + (v.sound() ? "" : "; " + v.problems().size() + " problem(s)"));
        }
        return v.sound() ? OK : CORRUPT;
    }

    private static String identity(StoreIdentity id) {
        return Json.object()
                .add("owner", id.owner())
                .add("schemeVersion", id.schemeVersion())
                .toString();
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
