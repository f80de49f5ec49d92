#!/usr/bin/env python3
"""Converting an archive in parts: shards, the manifest, the cache.

usage: scale_test.py GALLEY CASE

  shard-partition  --shard K/N over a manifest of 500 paths (nested, with
                   ./ and // spellings, absolute ones under the working
                   directory): for N = 1..8 the shards' union is the list,
                   with no input twice; each path's shard is FNV-1a 64 of
                   its key modulo N, as README.md writes the rule (computed
                   here independently); adding 100 paths moves none of the
                   others; --shard auto reads Slurm's and Kubernetes'
                   variables; bad values are usage errors.
  shard-convert    24 generated articles (and one missing) converted in 3
                   shards into one directory: the union of the editions is
                   byte-identical to a single run's, the shards' --report
                   files joined (as `jq -s add` joins them) hold every
                   input once, and a shard's exit status is its worst
                   input's (66 for the missing one, 0 for the others).
  cache            a cold run stores every edition, a warm run reuses
                   every one (byte-identical outputs, nothing made); an
                   image touched but unchanged still hits; an image
                   changed rebuilds its article alone; an option changed
                   misses; an input that warns is never stored, so
                   --Werror fails on every run; --cache-stats counts it.
  cache-concurrent six processes share one cold cache at once, then a
                   warm run: no torn entry (every stored EPUB a whole zip,
                   every PDF ending in %%EOF), outputs byte-identical to a
                   run without cache, every edition of the warm run a hit.
  cache-limit      --cache-max-size: after a run past the limit the cache
                   is back under it, the least recently used editions
                   gone first.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

GALLEY = os.path.abspath(sys.argv[1])
CASE = sys.argv[2]
SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
for k in ("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT",
          "SLURM_ARRAY_TASK_STEP", "JOB_COMPLETION_INDEX"):
    ENV.pop(k, None)


def fail(msg):
    print("FAIL [%s]: %s" % (CASE, msg))
    sys.exit(1)


def run(args, want=0, env=None, stdin=None):
    p = subprocess.run([GALLEY] + args, capture_output=True, text=True,
                       env=env or ENV, input=stdin)
    if want is not None and p.returncode != want:
        fail("galley %s exited %d, want %d: %s" % (" ".join(args), p.returncode, want,
                                                   p.stderr.strip()))
    return p


def fnv1a64(data):
    h = 14695981039346656037
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def article(i, words=60):
    lines = ["Article number %d about the archive" % i, "",
             "By Jane Roe %d" % i, ""]
    body = " ".join("word%d" % ((i * 7 + k) % 97) for k in range(words))
    lines.append(body.capitalize() + ".")
    lines.append("")
    lines.append("A second paragraph of article %d ends here." % i)
    return "\n".join(lines) + "\n"


def write_articles(n, words):
    """n generated articles in in/, their paths."""
    os.makedirs("in", exist_ok=True)
    ins = []
    for i in range(n):
        with open("in/s%02d.txt" % i, "w") as f:
            f.write(article(i, words=words(i)))
        ins.append("in/s%02d.txt" % i)
    return ins


def tree_bytes(d):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            out[os.path.relpath(p, d)] = open(p, "rb").read()
    return out


def case_shard_partition(t):
    os.chdir(t)
    paths = []
    for i in range(500):
        p = "section%d/%03d/article-%d.txt" % (i % 7, i // 7, i)
        if i % 5 == 1:
            p = "./" + p
        elif i % 5 == 2:
            p = p.replace("/", "//", 1)
        elif i % 5 == 3:
            p = os.path.join(t, p)
        paths.append(p)
    manifest = os.path.join(t, "list.txt")
    with open(manifest, "w") as f:
        f.write("\n".join(paths) + "\n\n")

    def norm(p):
        return os.path.relpath(os.path.normpath(os.path.join(t, p)), t)

    def shard_lists(n, listfile):
        got = []
        for k in range(1, n + 1):
            p = run(["--list-inputs", "--shard", "%d/%d" % (k, n), "--files-from", listfile])
            got.append([l for l in p.stdout.split("\n") if l])
        return got

    for n in range(1, 9):
        shards = shard_lists(n, manifest)
        union = [p for s in shards for p in s]
        if sorted(union) != sorted(paths):
            fail("N=%d: the shards' union is not the list (%d of %d)" % (n, len(union), len(paths)))
        if len(set(union)) != len(union):
            fail("N=%d: an input in two shards" % n)
        for k, s in enumerate(shards, 1):
            for p in s:
                want = fnv1a64(norm(p).encode()) % n + 1
                if want != k:
                    fail("N=%d: %s in shard %d, the documented rule says %d" % (n, p, k, want))
    # stable when inputs are added: only the new ones take a shard
    before = {p: k for k, s in enumerate(shard_lists(5, manifest), 1) for p in s}
    more = os.path.join(t, "more.txt")
    with open(more, "w") as f:
        f.write("\n".join(paths + ["new/%d.md" % i for i in range(100)]) + "\n")
    after = {p: k for k, s in enumerate(shard_lists(5, more), 1) for p in s}
    moved = [p for p in before if after.get(p) != before[p]]
    if moved:
        fail("adding inputs moved %d others, e.g. %s" % (len(moved), moved[0]))
    # the manifest from standard input, with the command line's inputs
    p = run(["--list-inputs", "--files-from", "-", "extra.txt"], stdin="a.txt\r\n\nb.md\n")
    if p.stdout.split() != ["extra.txt", "a.txt", "b.md"]:
        fail("--files-from - read %r" % p.stdout)
    # the engines' variables
    whole = shard_lists(3, manifest)
    slurm = dict(ENV, SLURM_ARRAY_TASK_ID="11", SLURM_ARRAY_TASK_MIN="10",
                 SLURM_ARRAY_TASK_COUNT="3", SLURM_ARRAY_TASK_STEP="1")
    p = run(["--list-inputs", "--shard", "auto", "--files-from", manifest], env=slurm)
    if [l for l in p.stdout.split("\n") if l] != whole[1]:
        fail("--shard auto under Slurm task 11 of 10-12 is not shard 2/3")
    k8s = dict(ENV, JOB_COMPLETION_INDEX="2")
    p = run(["--list-inputs", "--shard", "auto/3", "--files-from", manifest], env=k8s)
    if [l for l in p.stdout.split("\n") if l] != whole[2]:
        fail("--shard auto/3 with JOB_COMPLETION_INDEX=2 is not shard 3/3")
    run(["--list-inputs", "--shard", "auto", "--files-from", manifest], want=64, env=k8s)
    run(["--list-inputs", "--shard", "auto", "--files-from", manifest], want=64)
    run(["--list-inputs", "--shard", "auto/4", "--files-from", manifest], want=64, env=slurm)
    for bad in ("0/3", "4/3", "3", "a/b", "1/0", "auto/x"):
        p = run(["--list-inputs", "--shard", bad, "x.txt"], want=64)
        if "--shard" not in p.stderr:
            fail("--shard %s: the message does not name the option: %s" % (bad, p.stderr))
    run(["--list-inputs", "--files-from", os.path.join(t, "absent.txt")], want=66)
    # an empty shard is a run with nothing to do, not an error
    other = 2 - fnv1a64(b"only.txt") % 2  # the shard only.txt is not in
    p = run(["--shard", "%d/2" % other, "--report", "json", "only.txt"])
    if json.loads(p.stderr) != []:
        fail("an empty shard reported %r" % p.stderr)


def case_shard_convert(t):
    os.makedirs(os.path.join(t, "in/a"))
    os.makedirs(os.path.join(t, "in/b"))
    names = []
    for i in range(24):
        n = "in/%s/story-%02d.txt" % ("ab"[i % 2], i)
        with open(os.path.join(t, n), "w") as f:
            f.write(article(i))
        names.append(n)
    names.append("in/a/missing.txt")
    with open(os.path.join(t, "list.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    os.chdir(t)
    run(["-q", "-j", "2", "--files-from", "list.txt", "-d", "one"], want=66)
    records, codes = [], []
    for k in (1, 2, 3):
        p = run(["-q", "-j", "2", "--shard", "%d/3" % k, "--files-from", "list.txt",
                 "-d", "parts", "--report-file", "r%d.json" % k], want=None)
        shard_inputs = run(["--list-inputs", "--shard", "%d/3" % k, "--files-from",
                            "list.txt"]).stdout.split()
        want = 66 if "in/a/missing.txt" in shard_inputs else 0
        if p.returncode != want:
            fail("shard %d/3 exited %d, want %d (its worst input)" % (k, p.returncode, want))
        codes.append(p.returncode)
        records.append(json.load(open("r%d.json" % k)))
    if 66 not in codes:
        fail("no shard met the missing input")
    joined = [r for part in records for r in part]  # jq -s add
    if sorted(r["input"] for r in joined) != sorted(names):
        fail("the joined reports do not hold every input once")
    if [r["input"] for r in joined if r["exit"] != 0] != ["in/a/missing.txt"]:
        fail("the joined reports do not show the one failure")
    a, b = tree_bytes("one"), tree_bytes("parts")
    if a != b:
        fail("the shards' editions differ from one run's: %s" %
             sorted(set(a) ^ set(b))[:3] or [k for k in a if a[k] != b.get(k)][:3])
    if len(a) != 48:
        fail("%d editions, want 48" % len(a))


def cache_run(args, want=0):
    p = run(["-q", "--report", "json"] + args, want=want)
    rec = json.loads(p.stderr[p.stderr.index("["):])
    return [(r["input"], e["format"], e.get("cache")) for r in rec for e in r["editions"]], p


def case_cache(t):
    os.chdir(t)
    shutil.copytree(os.path.join(SRC, "input"), "in")
    ins = ["in/article.md", "in/000_0cf0c6b4b4a8e552.txt"]
    for i in range(3):
        with open("in/extra-%d.txt" % i, "w") as f:
            f.write(article(i))
        ins.append("in/extra-%d.txt" % i)
    run(["-q", "-d", "plain"] + ins)
    got, _ = cache_run(["--cache", "c", "-d", "cold"] + ins)
    if {c for _, _, c in got} != {"miss"} or len(got) != 10:
        fail("cold run: %r" % got)
    got, _ = cache_run(["--cache", "c", "-d", "warm"] + ins)
    if {c for _, _, c in got} != {"hit"} or len(got) != 10:
        fail("warm run: %r" % got)
    if not (tree_bytes("plain") == tree_bytes("cold") == tree_bytes("warm")):
        fail("editions from the cache differ from those made without it")
    # touched, not changed: the key is the bytes, not the time
    os.utime("in/images/harbour.jpg", (1, 1))
    got, _ = cache_run(["--cache", "c", "-d", "warm"] + ins)
    if {c for _, _, c in got} != {"hit"}:
        fail("a touched image rebuilt: %r" % got)
    # changed: its article alone is made again
    with open("in/images/tide-chart.png", "ab") as f:
        f.write(b"\0")
    got, _ = cache_run(["--cache", "c", "-d", "warm"] + ins)
    missed = sorted({i for i, _, c in got if c == "miss"})
    if missed != ["in/article.md"] or [c for i, _, c in got if i == "in/article.md"] != ["miss", "miss"]:
        fail("after changing one image: %r" % got)
    # an option that shapes the edition: a miss; the other edition's
    # options (page size, for the EPUB alone) do not matter
    got, _ = cache_run(["--cache", "c", "-d", "a5", "-t", "pdf", "--page-size", "A5"] + ins[2:3])
    if got != [(ins[2], "pdf", "miss")]:
        fail("A5 after A4: %r" % got)
    got, _ = cache_run(["--cache", "c", "-d", "a5", "-t", "pdf", "--page-size", "A5"] + ins[2:3])
    if got != [(ins[2], "pdf", "hit")]:
        fail("A5 again: %r" % got)
    # SOURCE_DATE_EPOCH is part of the key
    p = run(["-q", "--cache", "c", "-d", "later", "--report", "json"] + ins[2:3],
            env=dict(ENV, SOURCE_DATE_EPOCH="1800000000"))
    if '"hit"' in p.stderr:
        fail("another SOURCE_DATE_EPOCH hit the cache")
    # an edition whose making warns (a letter no bundled font has, which
    # the PDF writer finds) is not stored: its warning, and --Werror's
    # failure, come back on every run
    with open("in/warns.txt", "w", encoding="utf-8") as f:
        f.write("Title\n\nText with a letter no bundled font has: \u0780 here.\n")
    for attempt in (1, 2):
        p = run(["-q", "--Werror", "--cache", "c", "-d", "w", "--report", "json",
                 "in/warns.txt"], want=65)
        rec = json.loads(p.stderr[p.stderr.index("["):])[0]
        pdf = [e for e in rec["editions"] if e["format"] == "pdf"]
        if not any("U+0780" in w["message"] for w in rec["warnings"]) or \
                [e.get("cache") for e in pdf] != ["miss"]:
            fail("run %d of an input that warns: %s" % (attempt, p.stderr))
    st = run(["--cache", "c", "--cache-stats"]).stdout
    if not st.startswith("cache directory") or "hit rate" not in st:
        fail("--cache-stats printed %r" % st)
    hits = int(st.split("hits")[1].split()[0])
    if hits < 23:
        fail("--cache-stats counts %d hits, want at least 23: %s" % (hits, st))
    run(["--cache-stats", "x.txt"], want=64)
    # a cache that cannot be a directory: one message, nothing converted
    p = run(["--cache", "in/extra-0.txt", "-d", "none", ins[2]], want=73)
    if p.stderr.count("error") != 1 or "in/extra-0.txt" not in p.stderr or os.path.exists("none/extra-0.pdf"):
        fail("--cache on a file: %s" % p.stderr)


def whole_entries(cache):
    n = 0
    for root, _, files in os.walk(cache):
        for f in files:
            p = os.path.join(root, f)
            if f.startswith(".") or ".tmp." in f:
                fail("a temporary file left in the cache: %s" % f)
            if f.endswith(".epub"):
                with zipfile.ZipFile(p) as z:
                    if z.testzip() is not None or z.namelist()[0] != "mimetype":
                        fail("a torn EPUB in the cache: %s" % f)
                n += 1
            elif f.endswith(".pdf"):
                data = open(p, "rb").read()
                if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
                    fail("a torn PDF in the cache: %s" % f)
                if not os.path.exists(p + ".pages"):
                    fail("a PDF without its page record: %s" % f)
                n += 1
    return n


def case_cache_concurrent(t):
    os.chdir(t)
    ins = write_articles(16, lambda i: 300 + 40 * i)
    run(["-q", "-d", "plain"] + ins)
    procs = [subprocess.Popen([GALLEY, "-q", "-j", "1", "--cache", "c", "-d", "o%d" % k]
                              + (ins if k % 2 else ins[::-1]), env=ENV,
                              stderr=subprocess.PIPE) for k in range(6)]
    for k, p in enumerate(procs):
        _, err = p.communicate()
        if p.returncode != 0:
            fail("writer %d exited %d: %s" % (k, p.returncode, err.decode()))
    if whole_entries("c") != 32:
        fail("the cache does not hold 32 whole editions")
    ref = tree_bytes("plain")
    for k in range(6):
        if tree_bytes("o%d" % k) != ref:
            fail("writer %d's editions differ from a run without cache" % k)
    got, _ = cache_run(["--cache", "c", "-d", "warm"] + ins)
    if {c for _, _, c in got} != {"hit"}:
        fail("after the concurrent writers, a warm run missed: %r" % got)
    if tree_bytes("warm") != ref:
        fail("the warm run's editions differ")


def case_cache_limit(t):
    os.chdir(t)
    ins = write_articles(12, lambda i: 400)
    run(["-q", "-t", "pdf", "--cache", "c", "-d", "o"] + ins[:4])
    os.utime("c", None)
    entries = [os.path.join(r, f) for r, _, fs in os.walk("c") for f in fs if f.endswith(".pdf")]
    one = max(os.path.getsize(p) + 8 for p in entries)
    for p in entries:
        os.utime(p, (1000, 1000))  # long unused
    limit = one * 6
    run(["-q", "-t", "pdf", "--cache", "c", "--cache-max-size", str(limit), "-d", "o"] + ins[4:])
    size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk("c")
               for f in fs if f != "stats")
    if size > limit:
        fail("the cache holds %d bytes, past its limit %d" % (size, limit))
    left = [p for p in entries if os.path.exists(p)]
    if left:
        fail("%d of the least recently used editions kept while newer ones went" % len(left))
    got, _ = cache_run(["-t", "pdf", "--cache", "c", "-d", "o"] + ins[-3:])
    if {c for _, _, c in got} != {"hit"}:
        fail("the most recent editions were evicted: %r" % got)
    run(["--cache", "c", "--cache-max-size", "lots", "x.txt"], want=64)


def main():
    t = tempfile.mkdtemp(prefix="galley-scale-")
    try:
        {"shard-partition": case_shard_partition, "shard-convert": case_shard_convert,
         "cache": case_cache, "cache-concurrent": case_cache_concurrent,
         "cache-limit": case_cache_limit}[CASE](t)
    finally:
        os.chdir("/")
        shutil.rmtree(t, ignore_errors=True)
    print("ok [%s]" % CASE)


if __name__ == "__main__":
    main()
