#!/usr/bin/env python3
"""Aggregates `jfr print --stack-depth 96 --events jdk.ExecutionSample` output.
usage: jfragg.py FILE.txt THREAD_REGEX [TOP]
Prints samples per thread group, top self methods, and inclusive shares of the categories below."""
import re, sys, collections
text = open(sys.argv[1]).read()
thr_re = re.compile(sys.argv[2])
top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
CATS = [
 ("producer send (KafkaProducer.send, incl. serializing headers)", r"KafkaProducer\.(doSend|send)\("),
 ("header conversion (convertHeaderFor / HeaderConverter)", r"convertHeaderFor|HeaderConverter\.fromConnectHeader"),
 ("key/value converters (StringConverter)", r"StringConverter\.fromConnectData"),
 ("transformation chain", r"TransformationChain\.apply"),
 ("task poll (FileSourceTask.poll)", r"FileSourceTask\.poll\("),
 ("  RecordMaker.toRecord", r"RecordMaker\.toRecord\("),
 ("    OffsetMirror.stamp", r"OffsetMirror\.stamp"),
 ("    OffsetShape.offset (offset map, before)", r"OffsetShape\.offset\("),
 ("    FileOffset (offset map, after; signature when read)", r"FileOffset\."),
 ("    FileIdentity.id (file id string per line, before)", r"FileIdentity\.id\("),
 ("    ConnectHeaders.add*", r"ConnectHeaders\.add"),
 ("    line decoding (Line.text)", r"Line\.text\("),
 ("  Tailer.poll (tail + read lines)", r"Tailer\.poll\("),
 ("  in-flight tracking (AcknowledgedPrefix.emitted)", r"AcknowledgedPrefix\.emitted"),
 ("commitRecord (ack tracking)", r"FileSourceTask\.commitRecord"),
 ("submitted records / offsets (SubmittedRecords)", r"SubmittedRecords"),
]
samples = []
for block in text.split("jdk.ExecutionSample {")[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', block)
    if not m: continue
    t = m.group(1)
    frames = re.findall(r'^\s{4,}([\w$.<>/]+\.[\w$<>]+\([^)]*\))', block, re.M)
    samples.append((t, frames))
sel = [(t, f) for t, f in samples if thr_re.search(t)]
n = len(sel)
print(f"samples: {len(samples)} total, {n} in threads matching /{sys.argv[2]}/")
bythr = collections.Counter(re.sub(r'-r\d+', '-rN', re.sub(r'\d+$', 'N', t)) for t, _ in sel)
for t, c in bythr.most_common(10):
    print(f"  {c:7d} {100*c/max(n,1):5.1f}%  {t}")
print("\ninclusive share (a sample counts once per category):")
for name, pat in CATS:
    r = re.compile(pat)
    c = sum(1 for _, f in sel if any(r.search(x) for x in f))
    print(f"  {100*c/max(n,1):5.1f}%  {name}")
print(f"\ntop {top} self methods:")
selfc = collections.Counter(f[0] if f else "?" for _, f in sel)
for m_, c in selfc.most_common(top):
    print(f"  {100*c/max(n,1):5.1f}%  {m_}")
