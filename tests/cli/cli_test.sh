#!/usr/bin/env bash
# cli_test.sh GALLEY CASE: drives the built galley program as a build
# script would, one case per ctest (tests/cli.cmake). Each case runs in a
# fresh temporary directory and exits non-zero with a message on failure.
set -uo pipefail
GALLEY=$1
CASE=$2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SAMPLE=$SRC/input/000_0cf0c6b4b4a8e552.txt
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
export SOURCE_DATE_EPOCH=1700000000

fail() { echo "FAIL [$CASE]: $*" >&2; exit 1; }
# expect CODE CMD...: runs CMD, checks its exit status, keeps stderr in err.txt
expect() {
  local want=$1; shift
  "$@" >out.txt 2>err.txt
  local got=$?
  [ "$got" = "$want" ] || { cat err.txt >&2; fail "'$*' exited $got, want $want"; }
}
# expect_piped CODE CMD...: like expect, but stderr reaches err.txt
# through a pipe, so that a file-size limit set inside CMD (ulimit -f 0)
# does not also stop the messages being checked.
expect_piped() {
  local want=$1 got res; shift
  res=$("$@" 2>&1 >out.txt; echo "rc=$?")
  got=${res##*rc=}
  printf '%s' "${res%rc=*}" > err.txt
  [ "$got" = "$want" ] || { cat err.txt >&2; fail "'$*' exited $got, want $want"; }
}
# one_error PATTERN: err.txt holds exactly one line, an error matching it.
one_error() {
  [ "$(wc -l < err.txt)" = 1 ] || fail "want one message, got: $(cat err.txt)"
  grep -Eq "^galley: $1: error: " err.txt || fail "message does not name $1: $(cat err.txt)"
}
no_temps() {
  local left
  left=$(find "${1:-.}" -name '.*.galley-*' 2>/dev/null)
  [ -z "$left" ] || fail "temporary files left behind: $left"
}
# A long article: ~N paragraphs with headings, deterministic.
make_article() {
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
words = ("galley sets every article in two editions with care for the reader "
         "and the page justification hyphenation pagination widows orphans "
         "headings captions credits datelines typography measure rhythm").split()
out = []
for i in range(n):
    if i % 12 == 0:
        out.append("Section number %d of the report" % (i // 12 + 1))
    k = 30 + (i * 7) % 90
    ws = [words[(i * 13 + j * 5) % len(words)] for j in range(k)]
    ws[0] = ws[0].capitalize()
    out.append(" ".join(ws) + ".")
open(path, "w").write("\n".join(out) + "\n")
PY
}

case $CASE in
metadata-keys)
  # The keys a publisher uses reach the package (a series with its
  # position as belongs-to-collection, conformsTo, contributors, source),
  # epubcheck clean; a key no edition uses is one warning naming it, in
  # front matter with its file and line, --Werror a failure.
  printf -- '---\ntitle: The Ice Road\nseries: The Steppe\nseries_index: 2\nauther: Ann\nconformsTo: EPUB Accessibility 1.1 - WCAG 2.1 Level AA\ncontributor: [Ann Editor, Bob Maps]\nsource: urn:isbn:9780000000002\n---\n\nText of the book.\n' > series.md
  expect 0 "$GALLEY" -t epub series.md
  [ "$(grep -c warning err.txt)" = 1 ] &&
    grep -q "^galley: series.md:5: warning: front matter: unknown key 'auther'" err.txt ||
    fail "want one warning naming auther at line 5: $(cat err.txt)"
  unzip -p series.epub OEBPS/content.opf > opf.xml || fail "no package document"
  for want in '<meta property="belongs-to-collection" id="c1">The Steppe</meta>' \
              '<meta refines="#c1" property="collection-type">series</meta>' \
              '<meta refines="#c1" property="group-position">2</meta>' \
              '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>' \
              '<dc:contributor>Ann Editor</dc:contributor>' '<dc:contributor>Bob Maps</dc:contributor>' \
              '<dc:source>urn:isbn:9780000000002</dc:source>'; do
    grep -qF "$want" opf.xml || fail "no $want in: $(cat opf.xml)"
  done
  if [ -f "${EPUBCHECK_JAR:-/usr/bin/epubcheck}" ]; then
    "$SRC/tests/epub/epubcheck.sh" series.epub > check.txt 2>&1 || fail "epubcheck: $(cat check.txt)"
  fi
  expect 65 "$GALLEY" --Werror -t epub series.md
  grep -q "error: 1 warning(s) treated as errors (--Werror)" err.txt || fail "--Werror: $(cat err.txt)"
  printf '# Plain\n\nText.\n' > plain.md
  expect 0 "$GALLEY" --Werror -t epub --metadata series=S --metadata series-position=3 plain.md
  expect 0 "$GALLEY" -t epub --metadata colour=blue plain.md
  [ "$(grep -c warning err.txt)" = 1 ] && grep -q "warning: --metadata colour: unknown key" err.txt ||
    fail "want one warning naming --metadata colour: $(cat err.txt)"
  expect 65 "$GALLEY" --Werror -t epub --metadata colour=blue plain.md
  ;;
markdown-werror)
  # What galley does not set (math, attributes, a definition list, a
  # fenced div, a LaTeX page break, a note nothing cites, a table row
  # longer than its header) is one warning each, naming file and line;
  # --Werror makes the run fail. GitHub's tables,
  # notes, struck text and tasks are read without a warning.
  printf '# T\n\nMass $E = mc^2$ here.\n\n## R {#r}\n\nTerm\n: definition\n\n::: note\n\n\\newpage\n\n[^u]: never cited\n\n| a |\n|---|\n| 1 | 2 |\n' > foreign.md
  expect 0 "$GALLEY" -t epub foreign.md
  for want in 'foreign.md:3: warning: TeX math' 'foreign.md:5: warning: attributes' \
              'foreign.md:8: warning: definition list' 'foreign.md:10: warning: fenced div' \
              'foreign.md:12: warning: LaTeX page break' 'foreign.md:14: warning: footnote \[\^u\]' \
              'foreign.md:18: warning: table row'; do
    [ "$(grep -c "^galley: $want" err.txt)" = 1 ] || fail "want one /$want/: $(cat err.txt)"
  done
  [ "$(grep -c warning err.txt)" = 7 ] || fail "one warning each: $(cat err.txt)"
  expect 65 "$GALLEY" --Werror -t epub foreign.md
  grep -q "error: 7 warning(s) treated as errors (--Werror)" err.txt || fail "--Werror: $(cat err.txt)"
  printf '# T\n\nText[^1] ~~old~~ www.example.com.\n\n- [x] done\n\n| a | b |\n|:-|-:|\n| 1 |\n\n[^1]: A note.\n' > gfm.md
  expect 0 "$GALLEY" --Werror gfm.md
  [ -s gfm.epub ] && [ -s gfm.pdf ] || fail "editions of gfm.md missing"
  ;;
usage)
  expect 64 "$GALLEY"
  grep -q "galley: error: no input given" err.txt || fail "message: $(cat err.txt)"
  expect 64 "$GALLEY" --no-such-option "$SAMPLE"
  expect 64 "$GALLEY" -t mobi "$SAMPLE"
  expect 64 "$GALLEY" -o out.docx "$SAMPLE"
  expect 64 "$GALLEY" -j 0 "$SAMPLE"
  expect 64 "$GALLEY" -o a.pdf "$SAMPLE" "$SAMPLE"
  expect 0 "$GALLEY" --help
  grep -q "Exit status" out.txt || fail "--help lacks exit codes"
  for o in --output --to --output-dir --jobs --from --dump --depfile --report \
           --report-file --title --author --language --date --metadata --style \
           --page-size --strip-html --quiet --verbose --Werror --version \
           --resource-path --cover --no-cover --no-cover-page; do
    grep -q -- "$o" out.txt || fail "--help does not list $o"
  done
  expect 0 "$GALLEY" --version
  grep -q "^galley [0-9]" out.txt || fail "--version: $(cat out.txt)"
  ;;
missing-input)
  expect 66 "$GALLEY" nosuch.txt -o x.epub
  grep -q "^galley: nosuch.txt: error: cannot open" err.txt || fail "message: $(cat err.txt)"
  [ ! -e x.epub ] || fail "output written for a missing input"
  ;;
missing-style)
  cp "$SAMPLE" a.txt
  expect 66 "$GALLEY" --style nosuch.css a.txt -o a.epub
  grep -q "nosuch.css: error:" err.txt || fail "message: $(cat err.txt)"
  [ ! -e a.epub ] || fail "output written with a missing style"
  no_temps
  ;;
output-is-input)
  cp "$SAMPLE" a.pdf
  cp a.pdf before.pdf
  expect 73 "$GALLEY" -f txt a.pdf -o a.pdf
  grep -q "refusing to overwrite the input" err.txt || fail "message: $(cat err.txt)"
  cmp -s a.pdf before.pdf || fail "the input was changed"
  ;;
unwritable)
  cp "$SAMPLE" a.txt
  expect 73 "$GALLEY" a.txt -o no/such/dir/a.epub
  grep -q "^galley: no/such/dir/a.epub: error: cannot create" err.txt || fail "message: $(cat err.txt)"
  mkdir ro && chmod 555 ro
  if [ "$(id -u)" != 0 ]; then
    expect 73 "$GALLEY" a.txt -o ro/a.pdf
    no_temps ro
  fi
  ;;
message-format)
  printf 'Title line\n\nA first paragraph that is long enough to be a paragraph, surely.\nA bad \xff byte here in a second paragraph of the article text.\n' > bad.txt
  expect 0 "$GALLEY" -t epub bad.txt
  grep -Eq '^galley: bad.txt:4:7: warning: .*UTF-8' err.txt || fail "warning format: $(cat err.txt)"
  expect 0 "$GALLEY" -q -t epub bad.txt
  [ ! -s err.txt ] || fail "-q printed: $(cat err.txt)"
  expect 65 "$GALLEY" --Werror -t epub bad.txt
  grep -q "error: .*--Werror" err.txt || fail "--Werror message: $(cat err.txt)"
  cp "$SAMPLE" good.txt
  expect 0 "$GALLEY" good.txt
  [ ! -s err.txt ] || fail "printed on success without -v: $(cat err.txt)"
  [ -s good.epub ] && [ -s good.pdf ] || fail "default editions not written beside the input"
  # metadata from the command line is cleaned like the text: a control
  # character or a bad byte in --title becomes U+FFFD, not an internal error
  expect 0 "$GALLEY" --title "$(printf 'Bad\001title\377')" -t epub good.txt -o t.epub
  [ ! -s err.txt ] || fail "--title printed: $(cat err.txt)"
  unzip -p t.epub OEBPS/content.opf | grep -q "Bad�title�" || fail "title not cleaned"
  ;;
stdio)
  expect 0 bash -c "'$GALLEY' -t epub -o - - < '$SAMPLE' > s.epub"
  unzip -p s.epub mimetype | grep -q '^application/epub+zip$' || fail "stdout EPUB is not an EPUB"
  expect 0 bash -c "'$GALLEY' -t pdf -o - - < '$SAMPLE' > s.pdf"
  head -c 5 s.pdf | grep -q '%PDF-' || fail "stdout PDF is not a PDF"
  expect 64 "$GALLEY" -o - "$SAMPLE"
  ;;
reproducible)
  cp "$SAMPLE" a.txt
  expect 0 "$GALLEY" a.txt -d one
  expect 0 "$GALLEY" a.txt -d two
  cmp one/a.epub two/a.epub || fail "EPUB differs between runs"
  cmp one/a.pdf two/a.pdf || fail "PDF differs between runs"
  ;;
batch)
  mkdir in
  for i in $(seq -w 1 50); do
    sed -n "$(( (10#$i % 40) + 1 )),\$p" "$SAMPLE" > "in/article-$i.txt"
  done
  expect 0 "$GALLEY" -j 1 -d out1 in/*.txt
  expect 0 "$GALLEY" -j 2 -d out2 in/*.txt
  [ "$(ls out1 | wc -l)" = 100 ] || fail "expected 100 outputs, got $(ls out1 | wc -l)"
  for f in out1/*; do
    cmp -s "$f" "out2/$(basename "$f")" || fail "$f differs between -j 1 and -j 2"
  done
  # a failing input among good ones: named, and the worst status wins
  echo x > in/zz-unreadable.txt && chmod 000 in/zz-unreadable.txt
  if [ "$(id -u)" != 0 ]; then
    expect 66 "$GALLEY" -j 2 -d out3 in/*.txt
    grep -q "zz-unreadable.txt" err.txt || fail "failed input not named"
  fi
  expect 66 "$GALLEY" -j 2 -d out4 in/article-01.txt nosuch.txt in/article-02.txt
  grep -q "nosuch.txt: error" err.txt || fail "failed input not named: $(cat err.txt)"
  grep -q "3 inputs, 2 converted, 1 failed: nosuch.txt" err.txt || fail "summary: $(cat err.txt)"
  [ -s out4/article-02.pdf ] || fail "other inputs not converted"
  ;;
sigint)
  make_article 4000 big.txt
  echo "old" > big.pdf
  "$GALLEY" -t pdf big.txt 2>err.txt &
  pid=$!
  for _ in $(seq 1 200); do
    ls -a | grep -q '^\.big\.pdf\.galley-' && break
    sleep 0.02
  done
  ls -a | grep -q '^\.big\.pdf\.galley-' || { wait $pid; fail "no temporary file seen (conversion too fast to interrupt?)"; }
  kill -INT $pid
  wait $pid
  st=$?
  [ "$st" = 130 ] || fail "exit status after SIGINT: $st"
  [ "$(cat big.pdf)" = old ] || fail "old output changed"
  no_temps
  ;;
file-size-limit)
  cp "$SAMPLE" a.txt
  echo "old" > a.pdf
  expect 73 bash -c "ulimit -f 8; exec '$GALLEY' -t pdf a.txt"
  grep -q "a.pdf: error: cannot write" err.txt || fail "message: $(cat err.txt)"
  [ "$(cat a.pdf)" = old ] || fail "old output changed"
  no_temps
  ;;
write-failure)
  # The first write of an edition fails (no byte reaches the output):
  # a file-size limit of 0, a full device, a pipe nobody reads. Each
  # gives exit 73, one message naming the output, no temporary file,
  # and an existing output left as it was.
  cp "$SAMPLE" a.txt
  mkdir out
  for ed in pdf epub; do
    echo old > out/a.$ed
    expect_piped 73 bash -c "ulimit -f 0; exec '$GALLEY' -t $ed a.txt -d out"
    one_error "out/a\\.$ed"
    grep -q "File too large" err.txt || fail "ulimit -f 0, $ed: $(cat err.txt)"
    [ "$(cat out/a.$ed)" = old ] || fail "ulimit -f 0 changed the existing out/a.$ed"
    no_temps
    expect_piped 73 bash -c "exec '$GALLEY' -t $ed a.txt -o - >/dev/full"
    one_error "-"
    grep -q "No space left" err.txt || fail "/dev/full, $ed: $(cat err.txt)"
    # a pipe whose reading end is closed before galley starts, with
    # SIGPIPE at its default, as a shell pipeline into 'true' leaves it
    expect_piped 73 python3 -c 'import os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
r, w = os.pipe()
os.close(r)
os.dup2(w, 1)
os.execv(sys.argv[1], sys.argv[1:])' "$GALLEY" -t $ed a.txt -o -
    one_error "-"
    grep -q "Broken pipe" err.txt || fail "closed pipe, $ed: $(cat err.txt)"
  done
  # several inputs at once: each failure names its output, none is a crash
  cp a.txt b.txt
  expect_piped 73 bash -c "ulimit -f 0; exec '$GALLEY' -j 2 -t pdf a.txt b.txt -d out"
  grep -q "^galley: out/a.pdf: error: cannot write: File too large" err.txt || fail "-j, a: $(cat err.txt)"
  grep -q "^galley: out/b.pdf: error: cannot write: File too large" err.txt || fail "-j, b: $(cat err.txt)"
  grep -q "signal" err.txt && fail "-j: a worker crashed: $(cat err.txt)"
  [ "$(cat out/a.pdf)" = old ] || fail "-j changed the existing out/a.pdf"
  no_temps
  ;;
worker-crash)
  # A worker that dies by a signal is reported under its input's name.
  # The second input is long enough that its worker is still laying out
  # pages when it is killed.
  cp "$SAMPLE" a.txt
  make_article 6000 stuck.txt
  "$GALLEY" -j 2 -t pdf -d out a.txt stuck.txt 2>err.txt &
  pid=$!
  for _ in $(seq 1 500); do
    [ -s out/a.pdf ] && [ "$(pgrep -P $pid | wc -l)" = 1 ] && break
    sleep 0.02
  done
  child=$(pgrep -P $pid)
  [ -n "$child" ] || { kill $pid; fail "no worker left converting the long input"; }
  kill -SEGV $child
  wait $pid
  st=$?
  [ "$st" = 70 ] || fail "exit status after a worker crash: $st"
  # the worker's own crash handler says it (or, without one, the parent)
  # (under AddressSanitizer its own report ends the worker with SIGABRT)
  [ "$(grep -cE "^galley: stuck.txt: error: (conversion died with signal (6|11)|internal error \(signal 11\))$" err.txt)" = 1 ] ||
    fail "crash not named after its input, once: $(cat err.txt)"
  grep -q "1 failed: stuck.txt" err.txt || fail "summary: $(cat err.txt)"
  [ -s out/a.pdf ] || fail "the other input was not converted"
  [ ! -e out/stuck.pdf ] || fail "the crashed input left an edition"
  no_temps out
  ;;
depfile)
  cp "$SAMPLE" a.txt
  cp "$SRC/styles/classic.css" my.css
  cat > Makefile <<MK
all: a.epub
a.epub: a.txt
	'$GALLEY' --style my.css --depfile a.d -t epub,pdf a.txt
-include a.d
MK
  expect 0 make
  grep -q "a.epub a.pdf:" a.d || fail "depfile rule: $(head -3 a.d)"
  for dep in a.txt my.css NotoSerif-Regular.ttf; do
    grep -q "$dep" a.d || fail "depfile lacks $dep"
  done
  expect 0 make
  grep -q "galley" out.txt && fail "rebuilt with nothing changed"
  sleep 1.1; touch my.css
  expect 0 make
  grep -q "galley" out.txt || fail "not rebuilt after the style changed"
  expect 0 make
  grep -q "galley" out.txt && fail "rebuilt twice"
  sleep 1.1; touch a.txt
  expect 0 make
  grep -q "galley" out.txt || fail "not rebuilt after the input changed"
  ;;
report)
  cp "$SAMPLE" a.txt
  "$GALLEY" --report-file r.json -d out a.txt nosuch.txt 2>err.txt
  [ $? = 66 ] || fail "status"
  python3 - <<'PY' || fail "report content"
import json
r = json.load(open("r.json"))
assert len(r) == 2, r
a, b = r
assert a["input"] == "a.txt" and a["exit"] == 0, a
fm = {e["format"]: e for e in a["editions"]}
assert fm["epub"]["bytes"] > 1000 and fm["pdf"]["bytes"] > 1000, fm
assert fm["pdf"]["pages"] >= 1, fm
assert a["seconds"] >= 0
assert b["exit"] == 66 and b["errors"], b
PY
  # Many warnings and a long file name: the record is whole, valid JSON.
  long=$(printf 'n%.0s' $(seq 1 200))
  mkdir -p "$long"
  long=$long/$(printf 'm%.0s' $(seq 1 200)).md
  python3 -c '
import sys
print("# T\n")
for i in range(40):
    print("Para %d [a link](missing-%d.html) \u201cquoted\u201d.\n" % (i, i))' > "$long"
  "$GALLEY" -q -t epub --report-file r2.json -d out "$long" || fail "status with warnings"
  python3 - "$long" <<'PY' || fail "report with 40 warnings"
import json, sys
r = json.load(open("r2.json"))
assert len(r) == 1 and r[0]["input"] == sys.argv[1], r
w = r[0]["warnings"]
assert len(w) == 40, len(w)
assert all("missing-%d.html" % i in x["message"] for i, x in enumerate(w)), w[:2]
PY
  ;;
install)
  BUILD=$3
  expect 0 cmake --install "$BUILD" --prefix "$T/prefix"
  [ -x prefix/bin/galley ] || fail "galley not installed"
  [ -f prefix/include/galley.h ] && [ -f prefix/include/galley_model.h ] || fail "galley.h or galley_model.h not installed"
  pc=$(find prefix -name galley.pc | head -1)
  [ -n "$pc" ] || fail "galley.pc not installed"
  [ -n "$(find prefix -name galley.1)" ] || fail "man page not installed"
  cat > tiny.c <<'C'
#include <galley.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  const char *t = "A heading\nA paragraph long enough to be a paragraph, with words.\n";
  galley_error err;
  galley_doc *d;
  char *dump;
  galley_error_clear(&err);
  d = galley_read_text(t, strlen(t), NULL, NULL, &err);
  if (!d) return 1;
  dump = galley_doc_dump(d, 40);
  fputs(dump, stdout);
  free(dump);
  galley_doc_free(d);
  return 0;
}
C
  export PKG_CONFIG_PATH=$(dirname "$pc")
  expect 0 bash -c "cc tiny.c \$(pkg-config --cflags --libs galley) -o tiny"
  expect 0 env LD_LIBRARY_PATH="$(dirname "$(find prefix -name 'libgalley.so' | head -1)")" ./tiny
  grep -q "paragraph" out.txt || fail "tiny program output: $(cat out.txt)"
  # The guide's example program (docs/example.c), built both ways the
  # guide says: pkg-config, and CMake's find_package(galley).
  libdir="$(dirname "$(find prefix -name 'libgalley.so' | head -1)")"
  expect 0 bash -c "cc -std=c11 -Wall -Wextra -Werror \"$SRC/docs/example.c\" \$(pkg-config --cflags --libs galley) -o example-pc"
  mkdir -p consumer
  cat > consumer/CMakeLists.txt <<CM
cmake_minimum_required(VERSION 3.16)
project(consumer C)
find_package(galley 0.1 REQUIRED)
add_executable(example "$SRC/docs/example.c")
target_link_libraries(example PRIVATE galley::galley)
CM
  expect 0 cmake -S consumer -B consumer/build -DCMAKE_PREFIX_PATH="$T/prefix"
  expect 0 cmake --build consumer/build
  for prog in ./example-pc consumer/build/example; do
    rm -f ex.epub ex.pdf
    expect 0 env LD_LIBRARY_PATH="$libdir" GALLEY_DATADIR="$T/prefix/share/galley" \
      "$prog" "$SAMPLE" ex.epub ex.pdf
    grep -q 'title "' out.txt || fail "$prog output: $(cat out.txt)"
    [ -s ex.epub ] && [ -s ex.pdf ] || fail "$prog wrote no editions"
    pdffonts ex.pdf | grep -q "NotoSerif" || fail "$prog: PDF fonts $(pdffonts ex.pdf)"
    unzip -p ex.epub mimetype | grep -qx "application/epub+zip" || fail "$prog: EPUB"
  done
  expect 66 env LD_LIBRARY_PATH="$libdir" ./example-pc missing.txt ex.epub ex.pdf
  grep -q "missing.txt" err.txt || fail "example error line: $(cat err.txt)"
  expect 0 env GALLEY_DATADIR="$T/prefix/share/galley" prefix/bin/galley "$SAMPLE" -o inst.pdf
  # Nothing installed names the source tree (debug information aside): an
  # installed library never looks for its data there.
  for f in prefix/bin/galley $(find prefix -name 'libgalley.so*' -type f); do
    objcopy --strip-debug "$f" stripped.bin || fail "objcopy $f"
    ! grep -qaF "$SRC" stripped.bin || fail "$f names the source tree $SRC"
  done
  # Without GALLEY_DATADIR, the installed program finds its data under its
  # prefix (../share/galley from bin/), the one in the build tree beside
  # itself (share/galley, links to the sources' fonts and styles).
  expect 0 env -u GALLEY_DATADIR prefix/bin/galley "$SAMPLE" -o inst2.pdf
  pdffonts inst2.pdf | grep -q "NotoSerif" || fail "installed program without GALLEY_DATADIR: fonts $(pdffonts inst2.pdf)"
  mv prefix moved
  expect 0 env -u GALLEY_DATADIR moved/bin/galley "$SAMPLE" -o inst3.pdf
  mv moved prefix
  expect 0 env -u GALLEY_DATADIR "$GALLEY" "$SAMPLE" -o build.pdf
  pdffonts build.pdf | grep -q "NotoSerif" || fail "build-tree program without GALLEY_DATADIR: fonts $(pdffonts build.pdf)"
  ;;
resources)
  mkdir -p art/imgs other
  cp "$SRC/input/images/tide-chart.png" art/imgs/
  cp "$SRC/input/images/harbour.jpg" other/
  printf -- '---\ntitle: Resources\n---\n\nText.\n\n![A chart](imgs/tide-chart.png "Chart")\n\n![Outside](../other/harbour.jpg "Harbour")\n' > art/a.md
  expect 65 "$GALLEY" art/a.md -d out1
  grep -q "^galley: art/a.md:9: error: image '../other/harbour.jpg'.*--resource-path" err.txt || fail "message: $(cat err.txt)"
  [ ! -e out1/a.epub ] || fail "an EPUB was written although an image was refused"
  expect 0 "$GALLEY" art/a.md --resource-path other -d out2
  [ "$(unzip -l out2/a.epub | grep -c 'OEBPS/images/')" = 2 ] || fail "images not in the EPUB"
  expect 0 "$GALLEY" art/a.md --resource-path other --cover other/harbour.jpg -d out3
  unzip -p out3/a.epub OEBPS/content.opf | grep -q 'properties="cover-image"' || fail "no cover-image"
  # the PDF opens with a cover page holding the picture, labelled Cover
  pdfimages -list out3/a.pdf | awk '$1 == 1 && $3 == "image"' | grep -q jpeg || fail "no cover page in the PDF"
  qpdf --check out3/a.pdf >/dev/null || fail "qpdf --check with a cover"
  labels=$(qpdf --json out3/a.pdf)
  case "$labels" in *'u:Cover'*) ;; *) fail "cover page not labelled" ;; esac
  expect 66 "$GALLEY" art/a.md --cover nosuch.jpg -d out4
  # a missing image: an error naming the input line, no edition written
  printf 'Intro text.\n\n![Gone](imgs/gone.png)\n' > art/m.md
  expect 66 "$GALLEY" art/m.md -d out5
  grep -q "^galley: art/m.md:3: error: image 'imgs/gone.png' not found" err.txt || fail "missing image: $(cat err.txt)"
  [ -z "$(ls out5 2>/dev/null)" ] || fail "editions written despite a missing image"
  expect 66 "$GALLEY" -t pdf art/m.md -d out5
  grep -q "^galley: art/m.md:3: error: image 'imgs/gone.png' not found" err.txt || fail "PDF missing image: $(cat err.txt)"
  # a symbolic link leading outside the article's directory
  ln -s ../other/harbour.jpg art/link.jpg
  printf 'Intro text.\n\n![Link](link.jpg)\n' > art/s.md
  expect 65 "$GALLEY" art/s.md -d out6
  grep -q "art/s.md:3: error: image 'link.jpg' lies outside" err.txt || fail "symlink: $(cat err.txt)"
  # a header that claims 30000 x 30000 pixels is refused before decoding
  python3 - <<'PY'
import struct, zlib
ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
open("art/huge.png", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))
PY
  printf 'Intro text.\n\n![Huge](huge.png)\n' > art/h.md
  expect 65 "$GALLEY" art/h.md -d out7
  grep -q "art/h.md:3: error: image 'huge.png'.*30000" err.txt || fail "oversized: $(cat err.txt)"
  ;;
resource-odd-dirs)
  # The article's folder and the allowed directories are separate
  # entries, never one ':'-joined string split again: a folder named
  # "pub:draft" must not open "pub" (issue 16, defect 1).
  mkdir -p pub pub:draft
  cp "$SRC/input/images/harbour.jpg" pub/secret.jpg
  printf -- '---\ntitle: C\n---\n\n![s](secret.jpg)\n' > pub:draft/a.md
  expect 66 "$GALLEY" -t epub pub:draft/a.md -d o1
  grep -q "pub:draft/a.md:5: error: image 'secret.jpg' not found" err.txt || fail "colon folder: $(cat err.txt)"
  [ ! -e o1/a.epub ] || fail "an EPUB was written with an image from outside"
  # the article's own image in a folder with ':' is found
  cp "$SRC/input/images/tide-chart.png" pub:draft/own.png
  printf -- '---\ntitle: C\n---\n\n![o](own.png)\n' > pub:draft/b.md
  expect 0 "$GALLEY" pub:draft/b.md -d o2
  [ "$(unzip -l o2/b.epub | grep -c 'OEBPS/images/')" = 1 ] || fail "own image missing"
  # a folder named "x:." must not allow absolute paths or ".." under "."
  mkdir -p x:. 
  printf -- '---\ntitle: C\n---\n\n![s](../pub/secret.jpg)\n\n![t](%s/pub/secret.jpg)\n' "$T" > x:./c.md
  expect 65 "$GALLEY" -t epub x:./c.md -d o3
  grep -q "x:./c.md:5: error: image '../pub/secret.jpg'" err.txt || fail "x:. folder: $(cat err.txt)"
  printf -- '---\ntitle: C\n---\n\n![t](%s/pub/secret.jpg)\n' "$T" > x:./d.md
  expect 65 "$GALLEY" -t epub x:./d.md -d o3
  grep -q "absolute paths are refused" err.txt || fail "x:. absolute: $(cat err.txt)"
  # --resource-path naming a folder with ':' allows that folder only
  mkdir -p art "lib:imgs" lib
  cp "$SRC/input/images/harbour.jpg" "lib:imgs/ok.jpg"
  cp "$SRC/input/images/harbour.jpg" lib/no.jpg
  printf -- '---\ntitle: C\n---\n\n![a](../lib:imgs/ok.jpg)\n' > art/e.md
  expect 0 "$GALLEY" -t epub art/e.md --resource-path lib:imgs -d o4
  printf -- '---\ntitle: C\n---\n\n![a](../lib/no.jpg)\n' > art/f.md
  expect 65 "$GALLEY" -t epub art/f.md --resource-path lib:imgs -d o4
  grep -q "lies outside" err.txt || fail "lib:imgs allowed lib: $(cat err.txt)"
  # ':'-separated entries still work as in pandoc
  expect 0 "$GALLEY" -t epub art/f.md --resource-path "nosuch:lib" -d o5
  # newlines, spaces, '#', '%' and other odd characters in every component
  d=$'odd\nname #1 %20 [x]:y'
  mkdir -p "$d/sub"$'\t'"dir" "${d}2"
  cp "$SRC/input/images/tide-chart.png" "$d/sub"$'\t'"dir/p.png"
  cp "$SRC/input/images/harbour.jpg" "${d}2/q.jpg"
  printf -- '---\ntitle: C\n---\n\n![p](<sub\tdir/p.png>)\n' > "$d/g.md"
  expect 0 "$GALLEY" -t epub "$d/g.md" -d o6
  printf -- '---\ntitle: C\n---\n\n![q](../odd%%0Aname%%20%%231%%20%%2520%%20[x]:y2/q.jpg)\n' > "$d/h.md"
  expect 65 "$GALLEY" -t epub "$d/h.md" -d o7
  grep -q "lies outside\|refused" err.txt || fail "odd sibling allowed: $(cat err.txt)"
  ;;
side-outputs)
  # Every file galley writes passes one guard: never an input, never
  # another output of the run (issue 16, defects 4 and 5).
  cp "$SAMPLE" in.txt; cp in.txt in.orig
  printf -- '---\ntitle: A\n---\n\nText here.\n' > in.md; cp in.md in.md.orig
  expect 73 "$GALLEY" -t epub --depfile in.md in.md
  grep -q "^galley: in.md: error: refusing to overwrite the input in.md" err.txt || fail "depfile=input: $(cat err.txt)"
  [ "$(wc -l < err.txt)" = 1 ] || fail "more than one message: $(cat err.txt)"
  cmp -s in.md in.md.orig || fail "the article was replaced by its depfile"
  [ ! -e in.epub ] || fail "converted despite the refusal"
  expect 73 "$GALLEY" -t epub --report-file in.md in.md
  cmp -s in.md in.md.orig || fail "the article was replaced by the report"
  expect 73 "$GALLEY" -t pdf --report-file ./in.txt in.txt
  cmp -s in.txt in.orig || fail "the article was replaced by the report"
  cp "$SRC/styles/classic.css" my.css; cp my.css my.css.orig
  expect 73 "$GALLEY" -t epub --style my.css --depfile my.css in.txt
  grep -q "refusing to overwrite the style sheet my.css" err.txt || fail "depfile=style: $(cat err.txt)"
  cmp -s my.css my.css.orig || fail "the style sheet was replaced"
  # a side output over an edition of the same run
  expect 64 "$GALLEY" -t epub --depfile in.epub in.txt
  grep -q "the EPUB of in.txt and --depfile are the same file in.epub" err.txt || fail "depfile=edition: $(cat err.txt)"
  [ ! -e in.epub ] || fail "converted despite the refusal"
  mkdir -p sub
  expect 64 "$GALLEY" -t pdf --depfile sub/../r.json --report-file ./r.json in.txt
  [ ! -e r.json ] || fail "report written despite the refusal"
  # a depfile named like an image the article uses: refused, image intact
  mkdir im; cp "$SRC/input/images/tide-chart.png" im/pic.png; cp im/pic.png pic.orig
  printf -- '---\ntitle: I\n---\n\nText.\n\n![p](pic.png)\n' > im/a.md
  expect 73 "$GALLEY" -t epub --depfile im/pic.png im/a.md -d o
  grep -q "refusing to overwrite im/pic.png" err.txt || fail "depfile=image: $(cat err.txt)"
  cmp -s im/pic.png pic.orig || fail "the image was replaced by the depfile"
  # two inputs with one output name: refused before converting, both named
  mkdir -p a b
  cp "$SAMPLE" a/x.txt; head -5 "$SAMPLE" > b/x.txt
  for j in 1 2; do
    expect 64 "$GALLEY" -j $j -d out a/x.txt b/x.txt
    grep -q "^galley: error: a/x.txt and b/x.txt would both be written to out/x.epub" err.txt || fail "-j $j collision: $(cat err.txt)"
    [ -z "$(ls out 2>/dev/null)" ] || fail "-j $j: something was written: $(ls out)"
  done
  expect 64 "$GALLEY" -t pdf a/x.txt a/./x.txt
  no_temps .
  ;;
depfile-complete)
  # The depfile names every file an edition was made from, as make can
  # find it: the cover, @font-face fonts, images named with %20 and a
  # ?query (issue 16, defect 11).
  mkdir art
  cp "$SRC/input/images/tide-chart.png" "art/my pic.png"
  cp "$SRC/input/images/harbour.jpg" art/cover.jpg
  cp "$SRC/fonts/NotoSerif-Regular.ttf" "extra font.otf"
  cp "$SRC/styles/classic.css" my.css
  echo '@font-face { font-family: "Extra"; src: url("extra font.otf") }' >> my.css
  printf -- '---\ntitle: Deps\ncover: cover.jpg\n---\n\nText.\n\n![A](my%%20pic.png?v=2#top "t")\n' > art/a.md
  cat > Makefile <<MK
all: art/a.epub
art/a.epub:
	'$GALLEY' --style my.css --depfile a.d art/a.md
-include a.d
MK
  expect 0 make
  for dep in 'art/my\\ pic.png' 'art/cover.jpg' 'extra\\ font.otf' 'art/a.md' 'my.css'; do
    grep -q "^  \(\./\)\?$dep\( \\\\\)\?$" a.d || fail "depfile lacks $dep: $(cat a.d)"
  done
  grep -q '%20\|?v=2' a.d && fail "URL syntax in the depfile: $(cat a.d)"
  expect 0 make
  grep -q "galley" out.txt && fail "rebuilt with nothing changed: $(cat out.txt err.txt)"
  for f in "art/my pic.png" art/cover.jpg "extra font.otf"; do
    sleep 1.1; touch "$f"
    expect 0 make
    grep -q "galley" out.txt || fail "not rebuilt after $f changed"
  done
  # a line break in a file name cannot be written in a Make rule
  cp "$SRC/input/images/tide-chart.png" "art/new"$'\n'"line.png"
  printf -- '---\ntitle: NL\n---\n\n![A](<new\nline.png>)\n' > art/n.md
  printf -- '---\ntitle: NL\n---\n\n![A](new%%0Aline.png)\n' > art/n.md
  expect 73 "$GALLEY" -t epub --depfile n.d art/n.md -d o
  grep -q "^galley: n.d: error: a Make rule cannot name 'art/new" err.txt || fail "newline: $(cat err.txt)"
  [ ! -e n.d ] || fail "a depfile was written"
  ;;
input-limits)
  # Regular files only, and a size limit checked before reading (issue
  # 16, defect 6): no FIFO, device or sparse giant is read into memory.
  cp "$SAMPLE" a.txt
  mkfifo in.fifo style.fifo font.fifo
  expect 66 timeout 20 "$GALLEY" -f txt in.fifo
  grep -q "^galley: in.fifo: error: not a regular file" err.txt || fail "FIFO input: $(cat err.txt)"
  expect 66 timeout 20 "$GALLEY" -f txt /dev/zero -d o
  grep -q "^galley: /dev/zero: error: not a regular file" err.txt || fail "device: $(cat err.txt)"
  truncate -s 2G sparse.txt
  expect 65 timeout 20 /usr/bin/time -f '%M' -o rss.txt "$GALLEY" sparse.txt
  grep -q "^galley: sparse.txt: error: larger than galley reads (at most 64 MB)" err.txt || fail "sparse: $(cat err.txt)"
  [ "$(tail -1 rss.txt)" -lt 200000 ] || fail "a refused input still took $(tail -1 rss.txt) KB"
  # standard input is read up to the limit, then refused
  expect 65 bash -c "head -c 70000000 /dev/zero | tr '\\0' 'a' | timeout 60 '$GALLEY' -t epub -o x.epub -"
  grep -q "larger than galley reads" err.txt || fail "stdin limit: $(cat err.txt)"
  [ ! -e x.epub ] || fail "an edition from a refused input"
  # style sheets: FIFO, too large
  expect 66 timeout 20 "$GALLEY" -t epub --style ./style.fifo a.txt
  grep -q "^galley: ./style.fifo: error: cannot read style sheet: not a regular file" err.txt || fail "style FIFO: $(cat err.txt)"
  python3 -c "open('big.css','w').write('p { margin: 0 }\n' * 80000)"
  expect 65 timeout 20 "$GALLEY" -t epub --style ./big.css a.txt
  grep -q "^galley: ./big.css: error: style sheet larger than galley reads" err.txt || fail "big style: $(cat err.txt)"
  # an @font-face url naming a FIFO is skipped with a warning, not opened
  printf '@font-face { font-family: F; src: url(font.fifo) }\n' > f.css
  expect 0 timeout 30 "$GALLEY" -t pdf --style ./f.css a.txt
  grep -q "@font-face font './font.fifo' is not a regular file; skipped" err.txt || fail "font FIFO: $(cat err.txt)"
  # an image or cover that is a FIFO is refused without blocking
  mkdir art; mkfifo art/p.png
  printf -- '---\ntitle: F\n---\n\n![p](p.png)\n' > art/i.md
  expect 66 timeout 20 "$GALLEY" -t epub art/i.md -d o
  expect 66 timeout 20 "$GALLEY" -t pdf art/i.md -d o
  no_temps .
  ;;
messages-16)
  # Messages that name the right file and line, and checks made before
  # anything is written (issue 16, defect 12).
  cp "$SAMPLE" a.txt
  printf -- '---\ntitle: C\ncover: nope.jpg\n---\n\nText.\n' > c.md
  for ed in epub pdf; do
    expect 66 "$GALLEY" -t $ed c.md
    grep -q "^galley: c.md:3: error: cover image 'nope.jpg' not found" err.txt || fail "$ed cover: $(cat err.txt)"
  done
  printf 'Title: X\nCover: gone.png\n\nSome text here.\n' > k.txt
  expect 66 "$GALLEY" -t epub k.txt
  grep -q "^galley: k.txt:2: error: cover image 'gone.png'" err.txt || fail "text cover: $(cat err.txt)"
  echo garbage > bad.jpg
  for ed in epub pdf; do
    expect 65 "$GALLEY" -t $ed --cover bad.jpg a.txt
    grep -q "^galley: $T/bad.jpg: error: cover image" err.txt || fail "$ed --cover: $(cat err.txt)"
  done
  # page sizes: too small is not "unknown"; checked before the EPUB is made
  expect 64 "$GALLEY" --page-size 1x1mm a.txt
  grep -q "page size \"1x1mm\" is too small" err.txt || fail "1x1mm: $(cat err.txt)"
  [ ! -e a.epub ] || fail "the EPUB was written before the page size was refused"
  expect 64 "$GALLEY" --page-size Q5 a.txt
  grep -q "unknown page size \"Q5\"" err.txt || fail "Q5: $(cat err.txt)"
  [ ! -e a.epub ] || fail "the EPUB was written before the page size was refused"
  # one rule for SOURCE_DATE_EPOCH in both editions
  for ed in epub pdf; do
    expect 64 env SOURCE_DATE_EPOCH=99999999999999 "$GALLEY" -t $ed a.txt
    grep -q "SOURCE_DATE_EPOCH '99999999999999' lies after the year 9999" err.txt || fail "$ed epoch: $(cat err.txt)"
  done
  expect 0 env SOURCE_DATE_EPOCH=253402300799 "$GALLEY" a.txt
  pdfinfo a.pdf | grep -q "9999" || fail "the PDF is not dated 9999"
  ;;
markdown-sniff)
  # a .txt that is evidently Markdown is read as Markdown, with one note
  # (not a warning: --Werror passes; -q silences it); -f txt keeps the
  # plain-text reader; plain text with a "#1" line and dash lists stays text
  printf '# Guide\n\nSee [the site](https://example.org) and [docs](https://example.org/d).\n\n## Use\n\nRun it.\n' > readme.txt
  expect 0 "$GALLEY" --Werror -t epub readme.txt
  [ "$(wc -l < err.txt)" = 1 ] || fail "want one note, got: $(cat err.txt)"
  grep -q '^galley: readme.txt: note: read as Markdown (detected: 2 ATX headings, 2 links)' err.txt ||
    fail "note: $(cat err.txt)"
  grep -q 'warning' err.txt && fail "the note reads as a warning: $(cat err.txt)"
  expect 0 "$GALLEY" --dump readme.txt
  head -1 out.txt | grep -qx 'reader markdown (detected: 2 ATX headings, 2 links)' ||
    fail "dump's first line: $(head -1 out.txt)"
  grep -q '^heading 1 .*Use$' out.txt || fail "## Use is no heading: $(cat out.txt)"
  grep -q 'https://' out.txt && fail "link syntax printed literally: $(cat out.txt)"
  expect 0 "$GALLEY" -q --dump readme.txt
  [ ! -s err.txt ] || fail "-q printed: $(cat err.txt)"
  expect 0 "$GALLEY" -f txt --dump readme.txt
  [ ! -s err.txt ] || fail "-f txt printed: $(cat err.txt)"
  head -1 out.txt | grep -qx 'reader text (format given; Markdown evidence: 2 ATX headings, 2 links)' ||
    fail "-f txt dump: $(head -1 out.txt)"
  grep -q '## Use' out.txt || fail "-f txt did not read plain text: $(cat out.txt)"
  printf 'Plan\n\n#1 priority is the roof.\n\n- walls\n- doors\n\n* one lone bullet\n\nIt was _very_ late.\n' > plain.txt
  expect 0 "$GALLEY" --dump plain.txt
  [ ! -s err.txt ] || fail "plain text noted: $(cat err.txt)"
  grep -q '^reader' out.txt && fail "plain text taken for Markdown: $(head -1 out.txt)"
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "ok [$CASE]"
