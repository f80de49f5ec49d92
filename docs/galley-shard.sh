#!/bin/sh
# galley-shard.sh K: run on a worker host by GNU parallel (docs/scale-out.md).
# Unpacks the shard bundle shard-K.tgz (the articles of shard K and their
# list, shard-K.list, with their images), converts them, and packs the
# editions written and the JSON report into editions-K.tgz for parallel's
# --return. The exit status is galley's: the worst of the shard's inputs.
#
# Environment: GALLEY (default: galley on PATH), GALLEY_CACHE (a cache
# directory the hosts share, or one of the host's own; default: none),
# GALLEY_OPTIONS (further options, such as "--style modern --page-size A5").
set -u
k=$1
tar xzf "shard-$k.tgz" || exit 66
set -- -q -j 1 --files-from "shard-$k.list" --report-file "report-$k.json"
[ -n "${GALLEY_CACHE:-}" ] && set -- "$@" --cache "$GALLEY_CACHE"
# shellcheck disable=SC2086 # GALLEY_OPTIONS is split into options on purpose
"${GALLEY:-galley}" "$@" ${GALLEY_OPTIONS:-}
status=$?
# the editions beside their inputs (a.txt: a.epub, a.pdf), those written
sed -e 's/\.[^./]*$//' "shard-$k.list" | while IFS= read -r stem; do
  for ext in epub pdf; do
    [ -f "$stem.$ext" ] && printf '%s\n' "$stem.$ext"
  done
done > "editions-$k.list"
tar czf "editions-$k.tgz" -T "editions-$k.list" "report-$k.json" || exit 73
exit "$status"
