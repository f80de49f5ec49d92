#!/usr/bin/env bash
# slurm.sh GALLEY WORKDIR: the Slurm recipe of docs/scale-out.md, run for
# real on a single-node cluster the test starts itself (munged, slurmctld
# and slurmd on localhost, their configuration, state and logs in WORKDIR)
# and stops after. 300 generated articles converted by an array job whose
# tasks each take their shard from Slurm's variables (galley --shard
# auto), all writing into one output directory and one cache: with 1
# task (--array=0-0) and with 3 (--array=1-3), then again with the
# editions deleted, served from the cache. Checked: the union of the
# editions is byte-identical to one local run's; the tasks' reports
# joined with jq -s add hold every article once, none failed; the second
# run's hit rate is 100 %. Prints the times. Installs slurm-wlm and munge
# when missing (root); exit 77 (skipped) when it cannot.
# ctest -L scale-out.
set -euo pipefail
GALLEY=$(readlink -f "$1")
W=$2
SRC=$(cd "$(dirname "$0")/../.." && pwd)
N=${GALLEY_SCALE_ARTICLES:-300}
export SOURCE_DATE_EPOCH=1700000000

need=""
[ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] || need="$need slurm-wlm"
[ -x /usr/sbin/munged ] || need="$need munge"
if [ -n "$need" ] || [ "$(id -u)" != 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "skipped: a Slurm cluster of the test's own needs root"; exit 77
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null
fi

rm -rf "$W"
mkdir -p "$W"/{etc,state,spool,logs}
cd "$W"
# shellcheck source=tests/scale/common.sh
. "$SRC/tests/scale/common.sh"
export SLURM_CONF=$W/etc/slurm.conf
MUNGE_PID=""
cleanup() {
  scancel --quiet --user root 2>/dev/null || true
  [ -s slurmd.pid ] && kill "$(cat slurmd.pid)" 2>/dev/null || true
  [ -s slurmctld.pid ] && kill "$(cat slurmctld.pid)" 2>/dev/null || true
  [ -n "$MUNGE_PID" ] && kill "$MUNGE_PID" 2>/dev/null || true
  sleep 0.5
  [ -n "${MD:-}" ] && rm -rf "$MD"
}
trap cleanup EXIT

# munge, with a key and socket of the test's own, in a directory of /tmp
# (the munge user must reach it, and WORKDIR may lie under a private
# one): the key's directory closed, the socket's open to all, as munged
# insists
MD=$(mktemp -d /tmp/galley-munge.XXXXXX)
chmod 755 "$MD"
mkdir -p "$MD/key" "$MD/run"
dd if=/dev/urandom of="$MD/key/munge.key" bs=1024 count=1 2>/dev/null
chown -R munge:munge "$MD/key" "$MD/run"
chmod 700 "$MD/key"
chmod 400 "$MD/key/munge.key"
chmod 755 "$MD/run"
runuser -u munge -- /usr/sbin/munged --key-file="$MD/key/munge.key" \
  --socket="$MD/run/munge.socket" --pid-file="$MD/run/munged.pid" \
  --log-file="$MD/run/munged.log" --seed-file="$MD/run/munged.seed"
for _ in $(seq 50); do [ -s "$MD/run/munged.pid" ] && break; sleep 0.1; done
MUNGE_PID=$(cat "$MD/run/munged.pid")

host=$(hostname -s)
cpus=$(nproc)
cat > etc/slurm.conf <<EOF
ClusterName=galley
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MD/run/munge.socket
CredType=cred/munge
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/logs/slurmctld.log
SlurmdLogFile=$W/logs/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=galley Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
/usr/sbin/slurmctld -f "$SLURM_CONF"
/usr/sbin/slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
  sinfo -h -o %T 2>/dev/null | grep -Eq '^idle' && break
  sleep 0.2
done
sinfo -h -o %T | grep -Eq '^idle' || { echo "FAIL: the node did not come up"; tail logs/*.log; exit 1; }

python3 "$SRC/tests/scale/gen_archive.py" archive "$N"
cp -r archive ref
sed 's|^archive/|ref/|' archive.list > ref.list
"$GALLEY" -q -j "$cpus" --files-from ref.list

# The recipe (docs/scale-out.md): one array task a shard, one core each.
cat > convert.sbatch <<EOF
#!/bin/sh
#SBATCH --job-name=galley
#SBATCH --cpus-per-task=1
#SBATCH --output=$W/logs/task-%A_%a.out
cd $W
start=\$(date +%s.%N)
env GALLEY_DATADIR=$GALLEY_DATADIR SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH \\
  $GALLEY -q -j 1 --shard auto --files-from archive.list --cache $W/cache \\
  --report-file reports/task-\$SLURM_ARRAY_TASK_ID.json
status=\$?
echo "\$start \$(date +%s.%N)" > reports/time-\$SLURM_ARRAY_TASK_ID.txt
exit \$status
EOF
run_array() { # ARRAY
  rm -rf reports
  mkdir -p reports
  sbatch --wait --array="$1" convert.sbatch >/dev/null ||
    { echo "FAIL: the array job failed"; cat logs/task-*.out; exit 1; }
  jq -s add reports/task-*.json > report.json
  # from the first task's start to the last one's end (sbatch --wait
  # itself polls the controller every few seconds)
  cat reports/time-*.txt | awk 'NR == 1 || $1 < s {s = $1} $2 > e {e = $2} END {printf "%.2f\n", e - s}' >> spans.txt
  check_report
}

t0=$(date +%s.%N)
run_array 0-0
t1=$(date +%s.%N)
same_as_ref
clear_editions
rm -rf cache
t2=$(date +%s.%N)
run_array 1-3
t3=$(date +%s.%N)
same_as_ref
h0=$(stat_line hits); m0=$(stat_line misses)
clear_editions
t4=$(date +%s.%N)
run_array 1-3
t5=$(date +%s.%N)
same_as_ref
check_warm "$N" "$h0" "$m0"
python3 - "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$N" "$hits" "$cpus" <<'EOF2'
import sys
t = [float(x) for x in sys.argv[1:7]]
n, hits, cpus = int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9])
span = [float(x) for x in open("spans.txt").read().split()]
print("Slurm array job (one node, %d CPUs, slurmctld and slurmd on localhost)" % cpus)
print("  %d articles, %d editions (tasks' span; sbatch --wait's own time):" % (n, 2 * n))
print("    1 task  (--array=0-0), cold cache:             %6.1f s (%5.1f s)" % (span[0], t[1] - t[0]))
print("    3 tasks (--array=1-3), cold cache:             %6.1f s (%5.1f s)" % (span[1], t[3] - t[2]))
print("    3 tasks, editions deleted, warm shared cache: %6.1f s (%5.1f s), hit rate %.0f %%"
      % (span[2], t[5] - t[4], 100.0 * hits / (2 * n)))
EOF2
echo "ok [slurm]"
