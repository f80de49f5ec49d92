# common.sh: what the scale-out tests (parallel-ssh.sh, slurm.sh) share,
# sourced from their work directory, which holds archive/, archive.list
# and ref/ (the same articles converted by one local run).

# check_report: report.json (the shards' reports joined) holds a record
# for every article of archive.list, once, and none failed.
check_report() {
  python3 - <<'EOF2'
import json, sys
recs = json.load(open("report.json"))
want = sorted(l for l in open("archive.list").read().split("\n") if l)
if sorted(r["input"] for r in recs) != want:
    sys.exit("FAIL: the joined reports hold %d records for %d articles" % (len(recs), len(want)))
bad = [r["input"] for r in recs if r["exit"] != 0]
if bad:
    sys.exit("FAIL: failed in the shards: %s" % bad[:5])
EOF2
}

# clear_editions: deletes the editions beside the articles.
clear_editions() { find archive \( -name '*.epub' -o -name '*.pdf' \) -delete; }

# same_as_ref [LIST]: every edition of LIST's articles (default
# archive.list) is byte-identical to the local run's.
same_as_ref() {
  local n=0 f a
  while read -r f; do
    for ext in epub pdf; do
      a=${f%.*}.$ext
      cmp -s "$a" "ref/${a#archive/}" || { echo "FAIL: $a differs from the local run's"; exit 1; }
      n=$((n + 1))
    done
  done < "${1:-archive.list}"
  echo "$n editions byte-identical to the local run's"
}

# stat_line NAME: a count from the shared cache's --cache-stats.
stat_line() { "$GALLEY" --cache "$W/cache" --cache-stats | grep -E "^$1 " | awk '{print $2}'; }

# check_warm N HITS0 MISSES0: the run since the counts HITS0 and MISSES0
# took all 2N editions from the cache; sets hits.
check_warm() {
  hits=$(( $(stat_line hits) - $2 ))
  local misses=$(( $(stat_line misses) - $3 ))
  [ "$misses" = 0 ] && [ "$hits" = $((2 * $1)) ] ||
    { echo "FAIL: the second run hit $hits and missed $misses of $((2 * $1)) editions"; exit 1; }
}
