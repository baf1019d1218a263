/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.CrossFieldChecked;
import io.tidemark.connect.config.Escapes;
import io.tidemark.connect.config.Problems;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.config.validators.CharsetName;
import io.tidemark.connect.config.validators.EnumRecommender;
import io.tidemark.connect.config.validators.NonEmptyList;
import io.tidemark.connect.config.validators.OptionalRegex;
import io.tidemark.connect.config.validators.ParsedBy;
import io.tidemark.filesource.assign.HostPin;
import io.tidemark.filesource.discovery.Glob;
import io.tidemark.filesource.multiline.MultilineRule;
import io.tidemark.filesource.read.LineFormat;
import io.tidemark.filesource.read.OverflowAction;
import io.tidemark.filesource.tail.StartPosition;
import io.tidemark.filesource.tail.TailerOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Every setting of the file source, typed. The module README is the reference for these. */
public final class FileSourceConfig extends AbstractConfig implements CrossFieldChecked {

    // ------------------------------------------------------------------ files
    public static final String GROUP_FILES = "Files";

    public static final String ROOTS_CONFIG = "file.roots";
    public static final String ROOTS_DOC = "Comma-separated root directories to look for files in. Each must exist"
            + " and be readable by the Connect worker.";

    public static final String FILE_HOST_CONFIG = "file.host";
    public static final String FILE_HOST_DOC = "Required: whose files this connector reads. A host id: a task that"
            + " runs on a worker whose file.host.id differs fails at start, naming both, instead of reading another"
            + " machine's disk (or nothing). '*': tasks read the disk of whichever worker runs them; only for a"
            + " standalone worker, a Connect cluster whose workers all run on one machine, or roots on shared"
            + " storage that every worker sees. Empty (not chosen) fails validation: on a cluster spanning"
            + " several machines it would leave files unread without a sign.";

    public static final String HOST_ID_CONFIG = "file.host.id";
    public static final String HOST_ID_DOC = "The host id of the worker that runs the task, compared with file.host."
            + " A fact of the worker, not of the connector: set it through a worker config provider that resolves"
            + " on the worker running the task, e.g. ${file:/etc/tidemark/host.properties:host.id} or"
            + " ${env:TIDEMARK_HOST_ID}. Empty: the machine's host name.";

    public static final String INCLUDE_CONFIG = "file.include";
    public static final String INCLUDE_DOC = "Globs, relative to a root, of the files to tail. '*' and '?' stay within"
            + " one directory, '**' spans any number of directories ('**/' also none), '{a,b}' and '[a-z]' as usual.";
    public static final String INCLUDE_DEFAULT = "**/*.log";

    public static final String EXCLUDE_CONFIG = "file.exclude";
    public static final String EXCLUDE_DOC =
            "Globs, relative to a root, of files (or directories, as 'dir/**') never to"
                    + " tail; they win over file.include. By default compressed rotated files are excluded.";
    public static final String EXCLUDE_DEFAULT = "**/*.gz,**/*.zip,**/*.bz2,**/*.xz,**/*.zst";

    public static final String FOLLOW_SYMLINKS_CONFIG = "file.symlinks.follow";
    public static final String FOLLOW_SYMLINKS_DOC = "Follow symbolic links whose target lies inside one of the roots;"
            + " links pointing outside the roots are never followed.";

    public static final String RESCAN_INTERVAL_CONFIG = "file.rescan.interval.ms";
    public static final String RESCAN_INTERVAL_DOC = "Period of the stat-only rescan of the roots (no file is opened or"
            + " hashed by it). The watch service triggers earlier scans when files appear or change.";

    public static final String WATCH_CONFIG = "file.watch.enabled";
    public static final String WATCH_DOC =
            "Use the file system's watch service (inotify) to notice new and written files"
                    + " at once. Turn off on file systems without change notification; the rescan still finds everything.";

    public static final String START_POSITION_CONFIG = "file.start.position";
    public static final String START_POSITION_DOC = "Where files that have no stored position and exist when a task"
            + " first scans start: 'beginning' reads them whole, 'end' skips what they hold (after their last complete"
            + " line). Files that appear later are always read from their beginning.";

    public static final String IGNORE_OLDER_CONFIG = "file.ignore.older.ms";
    public static final String IGNORE_OLDER_DOC =
            "Files not modified for longer than this are not tailed (until they are"
                    + " modified again). 0 turns this off.";

    public static final String CLOSE_INACTIVE_CONFIG = "file.close.inactive.ms";
    public static final String CLOSE_INACTIVE_DOC = "An open file that did not grow for this long is closed; the rescan"
            + " reopens it when its size or mtime changes.";

    public static final String MAX_OPEN_CONFIG = "file.max.open";
    public static final String MAX_OPEN_DOC =
            "Most files one task keeps open at once; beyond it the least recently read"
                    + " are closed and reopened later from their position. Memory per open file is about"
                    + " file.read.buffer.bytes.";

    public static final String READ_BUFFER_CONFIG = "file.read.buffer.bytes";
    public static final String READ_BUFFER_DOC =
            "Read buffer per open file. It grows temporarily for lines longer than it"
                    + " (up to line.max.bytes) and shrinks back.";

    public static final String STATE_TTL_CONFIG = "file.state.ttl.ms";
    public static final String STATE_TTL_DOC = "The position of a file that has not been seen under the roots for this"
            + " long is forgotten (also in the local checkpoint store). Until then a file that comes back is resumed,"
            + " not re-read.";

    public static final String COPYTRUNCATE_CONFIG = "file.copytruncate.detect";
    public static final String COPYTRUNCATE_DOC = "Recognise the copy made by copytruncate rotation: a new file whose"
            + " first line, head fingerprint and check window equal those of a file whose original was then truncated"
            + " continues after the bytes already sent instead of being read again.";

    // ------------------------------------------------------------------ identity
    public static final String GROUP_IDENTITY = "Identity";

    public static final String FINGERPRINT_BYTES_CONFIG = "file.fingerprint.bytes";
    public static final String FINGERPRINT_BYTES_DOC =
            "Length of the head fingerprint (and cap of the first line used in"
                    + " the file id). The fingerprint grows with the file up to this size; files shorter than it are read at once.";

    public static final String CHECK_BYTES_CONFIG = "file.check.bytes";
    public static final String CHECK_BYTES_DOC =
            "Bytes before a position that are hashed with it; a stored position only"
                    + " applies to a file that still holds them (catches truncate-and-rewrite and inode reuse).";

    // ------------------------------------------------------------------ lines
    public static final String GROUP_LINES = "Lines";

    public static final String CHARSET_CONFIG = "line.charset";
    public static final String CHARSET_DOC = "Charset of the files. A byte-order mark at the start of a file is skipped"
            + " (and decides the byte order of 'UTF-16'). Invalid bytes become U+FFFD; positions stay raw byte offsets.";

    public static final String DELIMITER_CONFIG = "line.delimiter";
    public static final String DELIMITER_DOC = "'auto': lines end with \\n, a \\r before it is dropped (\\n and \\r\\n"
            + " files). Anything else is a literal delimiter; escapes \\n \\r \\t \\0 \\\\ and \\uXXXX are understood.";

    public static final String MAX_LINE_CONFIG = "line.max.bytes";
    public static final String MAX_LINE_DOC = "Longest line (or multiline event) in bytes; longer ones follow"
            + " line.max.action. It is lowered to what fits in one record under the producer's max.request.size"
            + " (producer.override.max.request.size, else Kafka's default 1048576) less 16 KiB kept for the key,"
            + " headers and framing; raise both (and the topic's max.message.bytes) for longer lines.";

    public static final String MAX_LINE_ACTION_CONFIG = "line.max.action";
    public static final String MAX_LINE_ACTION_DOC = "'truncate': send the first line.max.bytes bytes. 'skip': drop the"
            + " line. 'fail': fail the task naming the file and offset. The position always moves past the whole line.";

    public static final String PARTIAL_TIMEOUT_CONFIG = "line.partial.timeout.ms";
    public static final String PARTIAL_TIMEOUT_DOC =
            "A half-written last line is held back until its delimiter arrives."
                    + " Only when its file was rotated away (renamed or deleted) and neither grew nor moved for this long is it"
                    + " sent as it is; then the file is released.";

    // ------------------------------------------------------------------ multiline
    public static final String GROUP_MULTILINE = "Multiline";

    public static final String MULTILINE_PATTERN_CONFIG = "multiline.pattern";
    public static final String MULTILINE_PATTERN_DOC = "Regular expression (Java syntax, found anywhere in the line)."
            + " With multiline.match=start: the first line of an event; following lines that do not match are joined"
            + " to it with \\n. With after/before (Filebeat's model): the continuation lines. Empty: every line is an"
            + " event.";

    public static final String MULTILINE_NEGATE_CONFIG = "multiline.negate";
    public static final String MULTILINE_NEGATE_DOC = "With multiline.match=start: invert multiline.pattern, lines"
            + " that do NOT match start an event. With after/before: Filebeat's negate, lines that do NOT match are"
            + " the continuation lines.";

    public static final String MULTILINE_MATCH_CONFIG = "multiline.match";
    public static final String MULTILINE_MATCH_DOC = "'start': multiline.pattern marks the first line of an event"
            + " (Tidemark's model). 'after' or 'before': Filebeat's multiline.match, with Filebeat's meaning of"
            + " multiline.pattern and multiline.negate: the continuation lines (those matching, or with negate those"
            + " not matching) are appended to the line before them (after) or prepended to the line after them"
            + " (before). A Filebeat pattern/negate/match triple copied as it is behaves as in Filebeat.";

    public static final String MULTILINE_MAX_LINES_CONFIG = "multiline.max.lines";
    public static final String MULTILINE_MAX_LINES_DOC = "An event is closed after this many lines.";

    public static final String MULTILINE_TIMEOUT_CONFIG = "multiline.timeout.ms";
    public static final String MULTILINE_TIMEOUT_DOC = "An open event is sent when no line arrived for this long.";

    // ------------------------------------------------------------------ records
    public static final String GROUP_RECORDS = "Records";

    public static final String TOPIC_CONFIG = "topic";
    public static final String TOPIC_DOC =
            "Topic to write to. May contain ${file.name} (file name), ${file.stem} (name up"
                    + " to its first '.') and ${dir.name} (parent directory name) of the path the line was read from; characters"
                    + " not allowed in topic names become '_'.";

    public static final String VALUE_FORMAT_CONFIG = "record.value.format";
    public static final String VALUE_FORMAT_DOC = "'string': the decoded line (STRING schema). 'bytes': the line's raw"
            + " bytes without the delimiter (BYTES schema).";

    public static final String KEY_CONFIG = "record.key";
    public static final String KEY_DOC =
            "'file.id': the file identity, so all lines of one file go to one Kafka partition"
                    + " (in order). 'path': the file's path. 'none': no key.";

    public static final String HEADERS_CONFIG = "record.headers";
    public static final String HEADERS_DOC = "Metadata headers added to every record, any of: 'path' (tidemark.path),"
            + " 'file.id' (tidemark.file.id), 'offset' (tidemark.offset, byte offset of the line's start), 'line'"
            + " (tidemark.line, line number), 'host' (tidemark.host). Empty: no headers. The default sends only the"
            + " path: each further header costs about 2-3 us of worker CPU per line and makes every record bigger,"
            + " which with Connect's default producer settings lowers lines/s about in proportion (see"
            + " docs/PERFORMANCE.md): list only the ones consumers read.";
    /**
     * Only the path by default: which file a line came from is what nearly every consumer needs
     * (the key already carries the file id); each further header costs about 2-3 us of worker CPU
     * per line and makes every record bigger (docs/PERFORMANCE.md, "File source defaults").
     */
    static final String DEFAULT_HEADERS = "path";

    /** The header names {@link #HEADERS_CONFIG} accepts, in the order they are added to a record. */
    public static final List<String> HEADER_NAMES = List.of("path", "file.id", "offset", "line", "host");

    public static final String HOST_CONFIG = "record.host";
    public static final String HOST_DOC =
            "Value of the tidemark.host header. Empty: the worker's host id" + " (file.host.id, else its host name).";

    // ------------------------------------------------------------------ throughput
    public static final String GROUP_THROUGHPUT = "Throughput";

    public static final String BATCH_RECORDS_CONFIG = "poll.max.records";
    public static final String BATCH_RECORDS_DOC =
            "Most records one poll returns (backpressure: a task never holds more).";

    public static final String BATCH_BYTES_CONFIG = "poll.max.bytes";
    public static final String BATCH_BYTES_DOC = "Most content bytes one poll returns (about; one line may cross it).";

    public static final String POLL_WAIT_CONFIG = "poll.wait.ms";
    public static final String POLL_WAIT_DOC = "How long a poll that found nothing waits for file activity before"
            + " returning. Written files the watch service reports are read at once; with the watch service on,"
            + " open files at their end are otherwise checked for growth once a second (no fstat per file per poll),"
            + " which bounds the latency of a write the watch service did not report.";

    // ------------------------------------------------------------------ checkpoint mirror
    public static final String MIRROR_ENABLED_CONFIG = "checkpoint.mirror.enabled";
    public static final String MIRROR_ENABLED_DOC = "Mirror acknowledged positions into the local checkpoint store (see"
            + " checkpoint.store.dir). Off: positions come from Connect's offsets only, and a crash replays everything"
            + " since Connect's last offset flush (as Kafka's FileStreamSource). For measurements and diagnosis.";

    public static final ConfigDef CONFIG_DEF = configDef();

    public FileSourceConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props);
    }

    /** The shared checkpoint-store settings of this connector. */
    public CheckpointStoreFragment checkpointStore() {
        return new CheckpointStoreFragment(this);
    }

    /** What the connector told this task: index, count, connector name, advance mode. */
    public TaskFragment task() {
        return new TaskFragment(this);
    }

    /** file.host is chosen (it has an empty default only so that the error can say what to choose). */
    @Override
    public Map<String, List<String>> crossFieldProblems() {
        String missing = hostPin().missingHost(FILE_HOST_CONFIG);
        return missing == null ? Map.of() : Map.of(FILE_HOST_CONFIG, List.of(missing));
    }

    public static ConfigDef configDef() {
        ConfigDef d = new ConfigDef();
        int o = 0;
        d.define(
                ROOTS_CONFIG,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                new NonEmptyList(
                        "at least one root directory is required", "non-empty list of absolute directory paths"),
                Importance.HIGH,
                ROOTS_DOC,
                GROUP_FILES,
                ++o,
                Width.LONG,
                "Root directories");
        d.define(
                INCLUDE_CONFIG,
                Type.LIST,
                INCLUDE_DEFAULT,
                ParsedBy.eachOf(Glob::compile, "list of globs", "at least one glob is required"),
                Importance.HIGH,
                INCLUDE_DOC,
                GROUP_FILES,
                ++o,
                Width.LONG,
                "Include globs");
        d.define(
                EXCLUDE_CONFIG,
                Type.LIST,
                EXCLUDE_DEFAULT,
                ParsedBy.eachOf(Glob::compile, "list of globs", null),
                Importance.MEDIUM,
                EXCLUDE_DOC,
                GROUP_FILES,
                ++o,
                Width.LONG,
                "Exclude globs");
        d.define(
                FOLLOW_SYMLINKS_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                FOLLOW_SYMLINKS_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Follow symlinks inside roots");
        d.define(
                RESCAN_INTERVAL_CONFIG,
                Type.LONG,
                5000L,
                ConfigDef.Range.between(100, 3_600_000),
                Importance.LOW,
                RESCAN_INTERVAL_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Rescan interval (ms)");
        d.define(
                WATCH_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                WATCH_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Watch service");
        d.define(
                START_POSITION_CONFIG,
                Type.STRING,
                "beginning",
                ConfigDef.CaseInsensitiveValidString.in("beginning", "end"),
                Importance.MEDIUM,
                START_POSITION_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Start position",
                new EnumRecommender("beginning", "end"));
        d.define(
                IGNORE_OLDER_CONFIG,
                Type.LONG,
                0L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                IGNORE_OLDER_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Ignore older than (ms)");
        d.define(
                CLOSE_INACTIVE_CONFIG,
                Type.LONG,
                300_000L,
                ConfigDef.Range.atLeast(100),
                Importance.LOW,
                CLOSE_INACTIVE_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Close inactive after (ms)");
        d.define(
                MAX_OPEN_CONFIG,
                Type.INT,
                256,
                ConfigDef.Range.between(1, 100_000),
                Importance.LOW,
                MAX_OPEN_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Max open files");
        d.define(
                READ_BUFFER_CONFIG,
                Type.INT,
                65_536,
                ConfigDef.Range.between(4096, 16 << 20),
                Importance.LOW,
                READ_BUFFER_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Read buffer (bytes)");
        d.define(
                STATE_TTL_CONFIG,
                Type.LONG,
                Duration.ofDays(7).toMillis(),
                ConfigDef.Range.atLeast(1000),
                Importance.LOW,
                STATE_TTL_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "State TTL (ms)");
        d.define(
                FILE_HOST_CONFIG,
                Type.STRING,
                "",
                Importance.HIGH,
                FILE_HOST_DOC,
                GROUP_FILES,
                ++o,
                Width.MEDIUM,
                "Host whose files are read");
        d.define(
                HOST_ID_CONFIG,
                Type.STRING,
                "",
                Importance.MEDIUM,
                HOST_ID_DOC,
                GROUP_FILES,
                ++o,
                Width.MEDIUM,
                "This worker's host id");
        d.define(
                COPYTRUNCATE_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                COPYTRUNCATE_DOC,
                GROUP_FILES,
                ++o,
                Width.SHORT,
                "Detect copytruncate");

        o = 0;
        d.define(
                FINGERPRINT_BYTES_CONFIG,
                Type.INT,
                1024,
                ConfigDef.Range.between(16, 65_536),
                Importance.LOW,
                FINGERPRINT_BYTES_DOC,
                GROUP_IDENTITY,
                ++o,
                Width.SHORT,
                "Fingerprint bytes");
        d.define(
                CHECK_BYTES_CONFIG,
                Type.INT,
                64,
                ConfigDef.Range.between(8, 4096),
                Importance.LOW,
                CHECK_BYTES_DOC,
                GROUP_IDENTITY,
                ++o,
                Width.SHORT,
                "Check bytes");

        o = 0;
        d.define(
                CHARSET_CONFIG,
                Type.STRING,
                "UTF-8",
                new CharsetName(),
                Importance.MEDIUM,
                CHARSET_DOC,
                GROUP_LINES,
                ++o,
                Width.SHORT,
                "Charset");
        d.define(
                DELIMITER_CONFIG,
                Type.STRING,
                "auto",
                ParsedBy.string(
                        FileSourceConfig::checkDelimiter,
                        "'auto' or a literal delimiter (escapes \\n \\r \\t \\0 \\\\ \\uXXXX)"),
                Importance.MEDIUM,
                DELIMITER_DOC,
                GROUP_LINES,
                ++o,
                Width.SHORT,
                "Line delimiter");
        d.define(
                MAX_LINE_CONFIG,
                Type.INT,
                1 << 20,
                ConfigDef.Range.between(16, 64 << 20),
                Importance.MEDIUM,
                MAX_LINE_DOC,
                GROUP_LINES,
                ++o,
                Width.SHORT,
                "Max line bytes");
        d.define(
                MAX_LINE_ACTION_CONFIG,
                Type.STRING,
                "truncate",
                ConfigDef.CaseInsensitiveValidString.in("truncate", "skip", "fail"),
                Importance.MEDIUM,
                MAX_LINE_ACTION_DOC,
                GROUP_LINES,
                ++o,
                Width.SHORT,
                "Too long lines",
                new EnumRecommender("truncate", "skip", "fail"));
        d.define(
                PARTIAL_TIMEOUT_CONFIG,
                Type.LONG,
                5000L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                PARTIAL_TIMEOUT_DOC,
                GROUP_LINES,
                ++o,
                Width.SHORT,
                "Half line timeout (ms)");

        o = 0;
        d.define(
                MULTILINE_PATTERN_CONFIG,
                Type.STRING,
                "",
                new OptionalRegex(),
                Importance.MEDIUM,
                MULTILINE_PATTERN_DOC,
                GROUP_MULTILINE,
                ++o,
                Width.LONG,
                "Event start pattern");
        d.define(
                MULTILINE_NEGATE_CONFIG,
                Type.BOOLEAN,
                false,
                Importance.LOW,
                MULTILINE_NEGATE_DOC,
                GROUP_MULTILINE,
                ++o,
                Width.SHORT,
                "Negate pattern");
        d.define(
                MULTILINE_MATCH_CONFIG,
                Type.STRING,
                "start",
                ConfigDef.CaseInsensitiveValidString.in("start", "after", "before"),
                Importance.LOW,
                MULTILINE_MATCH_DOC,
                GROUP_MULTILINE,
                ++o,
                Width.SHORT,
                "Which line continuation lines join");
        d.define(
                MULTILINE_MAX_LINES_CONFIG,
                Type.INT,
                500,
                ConfigDef.Range.between(1, 1_000_000),
                Importance.LOW,
                MULTILINE_MAX_LINES_DOC,
                GROUP_MULTILINE,
                ++o,
                Width.SHORT,
                "Max lines per event");
        d.define(
                MULTILINE_TIMEOUT_CONFIG,
                Type.LONG,
                1000L,
                ConfigDef.Range.between(1, 3_600_000),
                Importance.LOW,
                MULTILINE_TIMEOUT_DOC,
                GROUP_MULTILINE,
                ++o,
                Width.SHORT,
                "Event timeout (ms)");

        o = 0;
        d.define(
                TOPIC_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                ParsedBy.string(
                        TopicNamer::checkTemplate,
                        "topic name, optionally with ${file.name}, ${file.stem}, ${dir.name}"),
                Importance.HIGH,
                TOPIC_DOC,
                GROUP_RECORDS,
                ++o,
                Width.MEDIUM,
                "Topic");
        d.define(
                VALUE_FORMAT_CONFIG,
                Type.STRING,
                "string",
                ConfigDef.CaseInsensitiveValidString.in("string", "bytes"),
                Importance.MEDIUM,
                VALUE_FORMAT_DOC,
                GROUP_RECORDS,
                ++o,
                Width.SHORT,
                "Value format",
                new EnumRecommender("string", "bytes"));
        d.define(
                KEY_CONFIG,
                Type.STRING,
                "file.id",
                ConfigDef.CaseInsensitiveValidString.in("file.id", "path", "none"),
                Importance.MEDIUM,
                KEY_DOC,
                GROUP_RECORDS,
                ++o,
                Width.SHORT,
                "Record key",
                new EnumRecommender("file.id", "path", "none"));
        d.define(
                HEADERS_CONFIG,
                Type.LIST,
                DEFAULT_HEADERS,
                ParsedBy.eachOf(
                        FileSourceConfig::checkHeader,
                        "any of " + String.join(", ", HEADER_NAMES) + "; empty for none",
                        null),
                Importance.LOW,
                HEADERS_DOC,
                GROUP_RECORDS,
                ++o,
                Width.LONG,
                "Metadata headers",
                new EnumRecommender(HEADER_NAMES.toArray(new String[0])));
        d.define(
                HOST_CONFIG,
                Type.STRING,
                "",
                Importance.LOW,
                HOST_DOC,
                GROUP_RECORDS,
                ++o,
                Width.MEDIUM,
                "Host header");

        o = 0;
        d.define(
                BATCH_RECORDS_CONFIG,
                Type.INT,
                2000,
                ConfigDef.Range.between(1, 1_000_000),
                Importance.LOW,
                BATCH_RECORDS_DOC,
                GROUP_THROUGHPUT,
                ++o,
                Width.SHORT,
                "Max records per poll");
        d.define(
                BATCH_BYTES_CONFIG,
                Type.LONG,
                8L << 20,
                ConfigDef.Range.between(1024, 1L << 30),
                Importance.LOW,
                BATCH_BYTES_DOC,
                GROUP_THROUGHPUT,
                ++o,
                Width.SHORT,
                "Max bytes per poll");
        d.define(
                POLL_WAIT_CONFIG,
                Type.LONG,
                100L,
                ConfigDef.Range.between(1, 60_000),
                Importance.LOW,
                POLL_WAIT_DOC,
                GROUP_THROUGHPUT,
                ++o,
                Width.SHORT,
                "Idle poll wait (ms)");

        CheckpointStoreFragment.addTo(d);
        CheckpointStoreFragment.addSourceSettingsTo(d);
        TaskFragment.addTo(d);
        d.define(
                MIRROR_ENABLED_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                MIRROR_ENABLED_DOC,
                CheckpointStoreFragment.GROUP,
                100,
                Width.SHORT,
                "Mirror positions locally");
        return d;
    }

    // ------------------------------------------------------------------ typed getters

    public List<Path> roots() {
        return getList(ROOTS_CONFIG).stream().map(String::trim).map(Path::of).toList();
    }

    public List<String> includes() {
        return getList(INCLUDE_CONFIG);
    }

    public List<String> excludes() {
        return getList(EXCLUDE_CONFIG);
    }

    public boolean followSymlinks() {
        return getBoolean(FOLLOW_SYMLINKS_CONFIG);
    }

    public boolean watchEnabled() {
        return getBoolean(WATCH_CONFIG);
    }

    public Charset charset() {
        return Charset.forName(getString(CHARSET_CONFIG).trim());
    }

    public LineFormat lineFormat() {
        String d = getString(DELIMITER_CONFIG);
        return "auto".equalsIgnoreCase(d.trim())
                ? LineFormat.auto(charset())
                : LineFormat.custom(charset(), Escapes.unescape(d));
    }

    public OverflowAction overflowAction() {
        return OverflowAction.valueOf(getString(MAX_LINE_ACTION_CONFIG).toUpperCase(Locale.ROOT));
    }

    public StartPosition startPosition() {
        return StartPosition.valueOf(getString(START_POSITION_CONFIG).toUpperCase(Locale.ROOT));
    }

    /** The multiline rule, or null when multiline.pattern is empty. */
    public MultilineRule multiline() {
        String p = getString(MULTILINE_PATTERN_CONFIG);
        if (p == null || p.isEmpty()) {
            return null;
        }
        return new MultilineRule(
                Pattern.compile(p),
                getBoolean(MULTILINE_NEGATE_CONFIG),
                MultilineRule.Match.valueOf(getString(MULTILINE_MATCH_CONFIG).toUpperCase(Locale.ROOT)),
                getInt(MULTILINE_MAX_LINES_CONFIG),
                Duration.ofMillis(getLong(MULTILINE_TIMEOUT_CONFIG)));
    }

    public TailerOptions tailerOptions() {
        return TailerOptions.builder(lineFormat())
                .maxLineBytes(recordSizeBudget().maxLineBytes(getInt(MAX_LINE_CONFIG)))
                .overflow(overflowAction())
                .multiline(multiline())
                .fingerprintBytes(getInt(FINGERPRINT_BYTES_CONFIG))
                .checkBytes(getInt(CHECK_BYTES_CONFIG))
                .startPosition(startPosition())
                .ignoreOlder(Duration.ofMillis(getLong(IGNORE_OLDER_CONFIG)))
                .closeInactive(Duration.ofMillis(getLong(CLOSE_INACTIVE_CONFIG)))
                .maxOpenFiles(getInt(MAX_OPEN_CONFIG))
                .partialLineTimeout(Duration.ofMillis(getLong(PARTIAL_TIMEOUT_CONFIG)))
                .rescanInterval(Duration.ofMillis(getLong(RESCAN_INTERVAL_CONFIG)))
                .stateTtl(Duration.ofMillis(getLong(STATE_TTL_CONFIG)))
                .detectCopies(getBoolean(COPYTRUNCATE_CONFIG))
                .readBufferBytes(getInt(READ_BUFFER_CONFIG))
                .build();
    }

    /**
     * The producer's {@code max.request.size} as the task sees it ({@code producer.override.max.request.size}
     * among the connector's settings, else Kafka's default) and the line and value limits it implies.
     */
    RecordSizeBudget recordSizeBudget() {
        return RecordSizeBudget.from(originals());
    }

    public String topicTemplate() {
        return getString(TOPIC_CONFIG);
    }

    public boolean valueAsBytes() {
        return "bytes".equalsIgnoreCase(getString(VALUE_FORMAT_CONFIG));
    }

    public String keyMode() {
        return getString(KEY_CONFIG).toLowerCase(Locale.ROOT);
    }

    /** The metadata headers to add, a subset of {@link #HEADER_NAMES} (lower case). */
    public Set<String> headers() {
        Set<String> out = new HashSet<>();
        getList(HEADERS_CONFIG).forEach(h -> out.add(h.trim().toLowerCase(Locale.ROOT)));
        return out;
    }

    /** The tidemark.host header: record.host, else this worker's host id. */
    public String host() {
        String h = getString(HOST_CONFIG);
        if (h != null && !h.isBlank()) {
            return h.trim();
        }
        return hostId();
    }

    /** This worker's host id: file.host.id, else the machine's host name. */
    public String hostId() {
        String id = getString(HOST_ID_CONFIG);
        if (id != null && !id.isBlank()) {
            return id.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** Which host this connector reads, and the host of the worker this runs on. */
    public HostPin hostPin() {
        return new HostPin(getString(FILE_HOST_CONFIG), hostId());
    }

    public int batchMaxRecords() {
        return getInt(BATCH_RECORDS_CONFIG);
    }

    public long batchMaxBytes() {
        return getLong(BATCH_BYTES_CONFIG);
    }

    public long pollWaitMillis() {
        return getLong(POLL_WAIT_CONFIG);
    }

    public boolean mirrorEnabled() {
        return getBoolean(MIRROR_ENABLED_CONFIG);
    }

    // ------------------------------------------------------------------ validation beyond single values

    /**
     * Checks that need the file system of the worker this runs on: every root exists, is a directory
     * and is readable; the checkpoint directory can be created and written. Returns problems by
     * setting name.
     */
    public Map<String, List<String>> environmentProblems() {
        Problems problems = new Problems();
        HostPin pin = hostPin();
        String unresolvedId = pin.unresolvedHostId(HOST_ID_CONFIG);
        if (unresolvedId != null) {
            problems.add(HOST_ID_CONFIG, unresolvedId);
        }
        String unresolvedHost = pin.unresolvedHost(FILE_HOST_CONFIG);
        if (unresolvedHost != null) {
            problems.add(FILE_HOST_CONFIG, unresolvedHost);
        }
        // a connector pinned to another host is validated (and started) on any worker of the cluster: its
        // roots are that host's, which this worker cannot see; its tasks check the host before reading
        boolean rootsVisibleHere = pin.readsHere();
        for (String r : rootsVisibleHere ? getList(ROOTS_CONFIG) : List.<String>of()) {
            String root = r.trim();
            if (root.isEmpty()) {
                continue;
            }
            Path p = Path.of(root);
            if (!p.isAbsolute()) {
                problems.add(ROOTS_CONFIG, "root '" + root + "' is not an absolute path");
            } else if (!Files.exists(p)) {
                problems.add(
                        ROOTS_CONFIG,
                        "root '" + root + "' does not exist on this worker (only the worker"
                                + " that served this request was checked: the root must exist on every worker that may run a"
                                + " task; a task whose worker lacks it logs a WARN and reads nothing until it appears)");
            } else if (!Files.isDirectory(p)) {
                problems.add(ROOTS_CONFIG, "root '" + root + "' is not a directory");
            } else if (!Files.isReadable(p) || !Files.isExecutable(p)) {
                problems.add(ROOTS_CONFIG, "root '" + root + "' is not readable by the Connect worker's user");
            }
        }
        String dir = getString(CheckpointStoreFragment.DIR_CONFIG).trim();
        Path p = Path.of(dir);
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!p.isAbsolute()) {
            problems.add(CheckpointStoreFragment.DIR_CONFIG, "'" + dir + "' is not an absolute path");
        } else if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            problems.add(
                    CheckpointStoreFragment.DIR_CONFIG,
                    "'" + dir + "' cannot be created or written by the Connect worker's user");
        }
        return problems.asMap();
    }

    /** Accepts 'auto' or a non-empty delimiter whose escapes resolve. */
    static void checkDelimiter(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must be 'auto' or a non-empty delimiter");
        }
        Escapes.unescape(value);
    }

    /** Accepts one of {@link #HEADER_NAMES}, in any case. */
    static void checkHeader(String header) {
        if (!HEADER_NAMES.contains(header.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown header '" + header + "': use a comma-separated subset of "
                    + String.join(", ", HEADER_NAMES) + ", or leave it empty for no headers");
        }
    }
}
