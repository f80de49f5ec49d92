#!/usr/bin/env bash
# parallel-ssh.sh GALLEY WORKDIR: the GNU parallel recipes of
# docs/scale-out.md, run for real over loopback. An sshd of the test's own
# (its own host key, config and authorized key, port 2222) listens on
# 127.0.0.2 and 127.0.0.3, which stand for two hosts.
#   Shard bundles: 300 generated articles cut into N shards on the
#   submitting host (galley --list-inputs --shard K/N), each shard's
#   articles sent as one bundle (--transferfile), converted on a host by
#   docs/galley-shard.sh with a cache both hosts share, its editions and
#   report brought back (--return) and the remote files removed
#   (--cleanup): with 1 worker (N=1, one job slot) and with 3 (N=3, two
#   slots on one host, one on the other), then again with the editions
#   deleted, served from the cache.
#   Per article: 12 articles, each sent, converted and brought back alone.
# Checked: every edition brought back byte-identical to one local run's;
# the shards' reports joined with jq -s add hold every article once, none
# failed; the second run's hit rate is 100 %. Prints the times. Installs openssh-server
# parallel and rsync (which parallel transfers with) when missing (root); exit 77 (skipped) when it cannot.
# ctest -L scale-out.
set -euo pipefail
GALLEY=$(readlink -f "$1")
W=$2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
N=${GALLEY_SCALE_ARTICLES:-300}
export SOURCE_DATE_EPOCH=1700000000

need=""
command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || need="$need openssh-server"
command -v ssh >/dev/null || need="$need openssh-client"
command -v parallel >/dev/null || need="$need parallel"
command -v rsync >/dev/null || need="$need rsync"
if [ -n "$need" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "skipped: needs$need (run as root to install)"; exit 77
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null
fi

rm -rf "$W"
mkdir -p "$W"
cd "$W"
# shellcheck source=tests/scale/common.sh
. "$SRC/tests/scale/common.sh"
SSHD_PID=""
cleanup() {
  [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null || true
  rm -rf "$W/parallel-home"
}
trap cleanup EXIT

python3 "$SRC/tests/scale/gen_archive.py" archive "$N"

# the "hosts": one sshd on two loopback addresses
ssh-keygen -q -t ed25519 -N '' -f hostkey
ssh-keygen -q -t ed25519 -N '' -f userkey
cp userkey.pub authorized_keys
cat > sshd_config <<EOF
Port 2222
ListenAddress 127.0.0.2
ListenAddress 127.0.0.3
HostKey $W/hostkey
AuthorizedKeysFile $W/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile $W/sshd.pid
EOF
cat > ssh_config <<EOF
Host 127.0.0.2 127.0.0.3
  Port 2222
  IdentityFile $W/userkey
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
  BatchMode yes
EOF
mkdir -p /run/sshd
/usr/sbin/sshd -f "$W/sshd_config" -E "$W/sshd.log"
for _ in $(seq 50); do [ -s sshd.pid ] && break; sleep 0.1; done
SSHD_PID=$(cat sshd.pid)
ssh -F ssh_config 127.0.0.2 true
ssh -F ssh_config 127.0.0.3 true

# the reference: one local run, editions beside the inputs as parallel's
cp -r archive ref
sed 's|^archive/|ref/|' archive.list > ref.list
"$GALLEY" -q -j 2 --files-from ref.list

# The reports, joined as docs/scale-out.md joins them
join_reports() {
  if command -v jq >/dev/null; then jq -s add report-*.json > report.json
  else python3 -c 'import json,sys; print(json.dumps([r for f in sys.argv[1:] for r in json.load(open(f))]))' report-*.json > report.json; fi
  check_report
}

# The variables a sanitizer build reads reach the remote galley too (ssh
# passes no environment of its own accord).
SAN=()
for v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS; do
  [ -n "${!v:-}" ] && SAN+=("$v=${!v}")
done

export PARALLEL_HOME=$W/parallel-home
mkdir -p "$PARALLEL_HOME"
touch "$PARALLEL_HOME/will-cite"
SSH="ssh -F $W/ssh_config"
cp "$SRC/docs/galley-shard.sh" .
# shards N SLOTS: the shard-bundle recipe (docs/scale-out.md)
shards() {
  local n=$1 k
  rm -f shard-*.tgz shard-*.list editions-*.tgz report-*.json
  for k in $(seq "$n"); do
    "$GALLEY" --list-inputs --shard "$k/$n" --files-from archive.list > "shard-$k.list"
    tar czf "shard-$k.tgz" -T "shard-$k.list" "shard-$k.list"
  done
  seq "$n" | parallel --ssh "$SSH" --sshlogin "$2" --workdir ... \
    --transferfile galley-shard.sh --transferfile shard-{}.tgz --return editions-{}.tgz \
    --cleanup env "${SAN[@]}" GALLEY="$GALLEY" GALLEY_CACHE="$W/cache" GALLEY_DATADIR="$GALLEY_DATADIR" \
    SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH sh galley-shard.sh {}
  for k in $(seq "$n"); do tar xzf "editions-$k.tgz"; done
  join_reports
}

t0=$(date +%s.%N)
shards 1 1/127.0.0.2
t1=$(date +%s.%N)
same_as_ref
clear_editions
rm -rf cache
t2=$(date +%s.%N)
shards 3 2/127.0.0.2,1/127.0.0.3
t3=$(date +%s.%N)
same_as_ref
h0=$(stat_line hits); m0=$(stat_line misses)
clear_editions
t4=$(date +%s.%N)
shards 3 2/127.0.0.2,1/127.0.0.3
t5=$(date +%s.%N)
same_as_ref
check_warm "$N" "$h0" "$m0"

# per article: each sent, converted and brought back alone
clear_editions
head -12 archive.list > few.list
t6=$(date +%s.%N)
parallel --ssh "$SSH" --sshlogin 2/127.0.0.2,1/127.0.0.3 --workdir ... \
  --transferfile {} --return {.}.epub --return {.}.pdf --cleanup \
  env "${SAN[@]}" GALLEY_DATADIR="$GALLEY_DATADIR" SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH \
  "$GALLEY" -q -j 1 {} :::: few.list
t7=$(date +%s.%N)
same_as_ref few.list

python3 - "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$t6" "$t7" "$N" "$hits" <<'EOF2'
import sys
t = [float(x) for x in sys.argv[1:9]]
n, hits = int(sys.argv[9]), int(sys.argv[10])
print("GNU parallel over ssh (loopback hosts 127.0.0.2, 127.0.0.3; 2 cores)")
print("  %d articles, %d editions, in shard bundles:" % (n, 2 * n))
print("    1 worker  (N=1, 1/127.0.0.2), cold cache:             %6.1f s" % (t[1] - t[0]))
print("    3 workers (N=3, 2/127.0.0.2,1/127.0.0.3), cold cache: %6.1f s" % (t[3] - t[2]))
print("    3 workers, editions deleted, warm shared cache:      %6.1f s (hit rate %.0f %%)"
      % (t[5] - t[4], 100.0 * hits / (2 * n)))
print("  12 articles one by one (--transferfile {} --return ...): %6.1f s" % (t[7] - t[6]))
EOF2
echo "ok [parallel-ssh]"
