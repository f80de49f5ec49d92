#!/usr/bin/env bash
# oom_test.sh GALLEY SANITIZE: the sample converted under address-space
# limits (ulimit -v), at limits that make different phases fail: loading
# fontconfig's configuration, Pango's font threads, layout, drawing. Every
# run must end as a success or a clean failure:
#   - exit 0, or 70 (out of memory, internal error), or 73 (an output
#     write);
#   - stderr empty, or one line starting "galley: ";
#   - no temporary file (.NAME.galley-XXXXXX) left;
#   - an output that existed before a failed run untouched.
# Mode "jobs" converts two copies with -j2, each in a forked worker: each
# failed input has one line naming it, and the batch one summary line.
# Then a picture too big to decode in the limit must fail the same way.
# Libraries write their own out-of-memory complaints straight to stderr
# and have no hook to route them: Fontconfig ("Fontconfig error: ... out
# of memory", FcConfigMessage), GLib when malloc fails inside its thread
# primitives ("GLib (gthread-posix.c): Unexpected error from C library
# during 'malloc'", then abort()) or when it cannot even convert a
# message to the locale ("GLib: Cannot convert message: ..."). Such
# lines, any line without "galley: " in it, are counted and listed, never
# taken for galley's: what is checked is galley's own messages, counted
# wherever they are (a library writes a complaint in pieces, so another
# thread's or worker's line may land among them; each galley message is
# one write and stays whole): at most one per input (and one summary
# line with -j), and exactly one when the run fails. A crash inside a
# library that does not check malloc (Fontconfig's FcFontRenderPrepare
# under Pango's matching thread, seen at 80-140 MB) is reported by
# galley's handler as an internal error in one line, exit 70; when it is
# an assert() (Fontconfig's FcFontSetMatch when Pango's thread could not
# start, seen at 80 MB with -j2), glibc's line before it carries the
# program's name, "galley: fcmatch.c:1039: ...: Assertion ... failed.",
# and is counted as the library's.
# AddressSanitizer reserves terabytes of address space and cannot run
# under ulimit -v: skipped (77).
set -uo pipefail
# a library's own complaint on stderr (see above): no galley message in it
lib_noise='galley: '
lib_assert='^galley: [^ :]+\.c:[0-9]+: .*Assertion .* failed\.$'
declare -A lib_lines
GALLEY=$1
SANITIZE=${2:-OFF}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$SRC/input/000_0cf0c6b4b4a8e552.txt
RUNS=${GALLEY_OOM_RUNS:-3}
# Below about 25-30 MB the dynamic loader itself fails (exit 127) before
# galley runs (such limits are skipped); just above, the EPUB fits and
# Pango's first thread does not.
LIMITS=${GALLEY_OOM_LIMITS:-"25000 40000 50000 60000 80000 100000 120000 140000 180000 250000"}

case "$SANITIZE" in
ON|on|1|TRUE|true) echo "SKIP: sanitizer build: ASan cannot run under ulimit -v"; exit 77 ;;
esac

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
cp "$SAMPLE" s.txt
cp "$SAMPLE" t.txt
printf 'old epub\n' > old.epub
printf 'old pdf\n' > old.pdf
fail=0 runs=0 clean_fail=0 ok=0 fc_noise=0
declare -A seen

is_pdf() { head -c 5 "$1" | grep -q '%PDF-' && tail -c 6 "$1" | grep -q '%%EOF'; }
is_epub() { python3 -c 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None or z.namelist()[0] != "mimetype")' "$1" 2>/dev/null; }

used=0
for lim in $LIMITS; do
  # A limit under which the dynamic loader cannot map galley's libraries
  # tests the loader, not galley: skipped, and said so.
  if ! bash -c 'ulimit -v "$1"; shift; exec "$@"' _ "$lim" "$GALLEY" --version >/dev/null 2>&1; then
    echo "note: ulimit -v $lim: the program cannot even be loaded; limit skipped"
    continue
  fi
  used=$((used + 1))
  for mode in both epub pdf jobs; do
    for r in $(seq 1 "$RUNS"); do
      rm -f s.epub s.pdf t.pdf .s.* .t.*
      cp old.epub s.epub
      cp old.pdf s.pdf
      cp old.pdf t.pdf
      case $mode in
      both) args=(s.txt) ;;
      jobs) args=(-j2 -t pdf s.txt t.txt) ;;
      *) args=(-t "$mode" s.txt) ;;
      esac
      bash -c 'ulimit -v "$1"; shift; exec "$@"' _ "$lim" "$GALLEY" -q "${args[@]}" \
        >out.txt 2>err.txt
      rc=$?
      runs=$((runs + 1))
      what="[$mode, ulimit -v $lim, run $r]"
      case $rc in
      0) ok=$((ok + 1)) ;;
      70|73) clean_fail=$((clean_fail + 1)) ;;
      *) echo "FAIL $what: exit $rc: $(head -c 300 err.txt)"; fail=1 ;;
      esac
      # glibc's assert() prefixes the program's name ("galley: fcmatch.c:1039:
      # IA__FcFontSetMatch: Assertion `p != NULL' failed."): a library's
      # line, not galley's, moved aside before galley's are counted
      grep -E "$lib_assert" err.txt >>noise.txt
      grep -vE "$lib_assert" err.txt >err2.txt
      mv err2.txt err.txt
      if grep -qv "$lib_noise" err.txt || [ -s noise.txt ]; then
        fc_noise=$((fc_noise + 1))
        while IFS= read -r l; do lib_lines["> ${l:0:70}"]=1; done < <(grep -v "$lib_noise" err.txt; cat noise.txt)
      fi
      : >noise.txt
      # galley's messages, wherever a library's pieces put them
      mine=$(grep -o 'galley: ' err.txt | wc -l)
      if [ "$mode" = jobs ]; then
        # At most one line per failed input (naming it), then the summary.
        if [ "$(grep -o 'galley: s.txt: ' err.txt | wc -l)" -gt 1 ] ||
           [ "$(grep -o 'galley: t.txt: ' err.txt | wc -l)" -gt 1 ] ||
           [ "$(grep -o 'galley: 2 inputs, ' err.txt | wc -l)" -gt 1 ] ||
           [ "$mine" -gt 3 ]; then
          echo "FAIL $what: stderr:"; sed 's/^/    /' err.txt | head -5; fail=1
        fi
        for f in s.pdf t.pdf; do
          cmp -s $f old.pdf || is_pdf $f || { echo "FAIL $what: $f neither old nor complete"; fail=1; }
        done
        if [ "$rc" != 0 ] && [ "$mine" = 0 ]; then
          echo "FAIL $what: exit $rc without a galley message"; fail=1
        fi
      else
        if [ "$mine" -gt 1 ]; then
          echo "FAIL $what: more than one galley message:"; sed 's/^/    /' err.txt | head -8; fail=1
        fi
        if [ "$rc" != 0 ] && [ "$mine" != 1 ]; then
          echo "FAIL $what: exit $rc without a galley message"; sed 's/^/    /' err.txt | head -5; fail=1
        fi
      fi
      if ls -a | grep -q '^\.[st]\..*\.galley-'; then
        echo "FAIL $what: temporary file left: $(ls -a | grep galley-)"; fail=1
      fi
      if [ "$rc" != 0 ]; then
        # The edition that failed is untouched. With both, the EPUB comes
        # first: it is either untouched or complete.
        case $mode in
        epub) cmp -s s.epub old.epub || { echo "FAIL $what: old s.epub changed"; fail=1; } ;;
        pdf)  cmp -s s.pdf old.pdf || { echo "FAIL $what: old s.pdf changed"; fail=1; } ;;
        both)
          cmp -s s.pdf old.pdf || { echo "FAIL $what: old s.pdf changed"; fail=1; }
          cmp -s s.epub old.epub || is_epub s.epub ||
            { echo "FAIL $what: s.epub neither old nor a complete EPUB"; fail=1; } ;;
        esac
      fi
      msg=$(grep -o 'galley: .*' err.txt | head -1 | sed -E 's/[0-9]+ bytes/N bytes/; s/\(GLib: .*//')
      key="$lim $mode $rc ${msg:0:60}"
      seen["$key"]=$(( ${seen["$key"]:-0} + 1 ))
    done
  done
done
# A picture whose pixels do not fit (8000 x 8000, 256 MB decoded) is out
# of memory, not a picture to leave out with a warning and exit 0. It has
# an alpha channel, so it is decoded: a grey PNG of the same size goes
# into the PDF as it is, never decoded, and fits.
python3 - <<'PY'
import struct, zlib
w = h = 8000
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
for name, ctype, bpp in (("big.png", 4, 2), ("grey.png", 0, 1)):
    raw = (b"\x00" * (w * bpp + 1)) * h
    open(name, "wb").write(b"\x89PNG\r\n\x1a\n" +
        chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0)) +
        chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
open("big.md", "w").write("# Big\n\nText.\n\n![A big picture](big.png)\n\nMore text.\n")
open("grey.md", "w").write("# Grey\n\nText.\n\n![A big picture](grey.png)\n\nMore text.\n")
PY
for r in $(seq 1 "$RUNS"); do
  cp old.pdf big.pdf
  bash -c 'ulimit -v 250000; exec "$@"' _ "$GALLEY" -q -t pdf big.md >out.txt 2>err.txt
  rc=$?
  runs=$((runs + 1))
  if [ "$rc" != 70 ] || [ "$(grep -o 'galley: ' err.txt | wc -l)" != 1 ] ||
     ! grep -q 'galley: big.md: error: ' err.txt; then
    echo "FAIL [a 256 MB picture, ulimit -v 250000, run $r]: exit $rc, stderr:"
    sed 's/^/    /' err.txt | head -3; fail=1
  fi
  cmp -s big.pdf old.pdf || { echo "FAIL [a 256 MB picture]: old big.pdf changed"; fail=1; }
  if ls -a | grep -q '^\.big\..*\.galley-'; then echo "FAIL [a 256 MB picture]: temporary file left"; fail=1; fi
  key="250000 picture $rc $(grep -o 'galley: .*' err.txt | head -1 | cut -c1-60)"
  seen["$key"]=$(( ${seen["$key"]:-0} + 1 ))
done
# The grey picture is measured by its peak resident memory, not under
# ulimit -v: address space is what Pango's font threads and glibc's
# per-thread malloc arenas (64 MB reserved each) use up, as many as
# there are threads alive at once, so a limit passes or fails by how the
# threads were scheduled. Decoded, the 8000 x 8000 pixels are 256 MB in
# Cairo's RGB24; passed through, the whole conversion stays near 20 MB.
peak=$(python3 - "$GALLEY" <<'PY'
import resource, subprocess, sys
r = subprocess.run([sys.argv[1], "-q", "-t", "pdf", "grey.md"],
                   stdout=subprocess.DEVNULL, stderr=open("err.txt", "wb"))
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
rc=${peak% *} peak=${peak#* }
runs=$((runs + 1))
if [ "$rc" != 0 ] || [ -s err.txt ] || ! qpdf --check grey.pdf >/dev/null 2>&1; then
  echo "FAIL [a 64-megapixel grey PNG, passed through]: exit $rc, stderr:"
  sed 's/^/    /' err.txt | head -3; fail=1
elif [ "$peak" -gt 100000 ]; then
  echo "FAIL [a 64-megapixel grey PNG, passed through]: peak resident memory $peak KB (over 100000 KB: decoded?)"
  fail=1
else
  echo "a 64-megapixel grey PNG, passed through: peak resident memory $peak KB"
  ok=$((ok + 1))
fi

echo "$runs runs: $ok succeeded, $clean_fail failed cleanly; $fc_noise with a library's own stderr lines:"
for l in "${!lib_lines[@]}"; do printf '   %s\n' "$l"; done | sort
for k in "${!seen[@]}"; do printf '%4d x  ulimit %s\n' "${seen[$k]}" "$k"; done | sort -k3n
if [ "$used" -lt 6 ]; then
  echo "FAIL: only $used of the limits could load the program"; fail=1
fi
exit $fail
