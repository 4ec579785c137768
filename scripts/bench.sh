#!/usr/bin/env bash
# make bench: the performance figures of docs/performance.md, measured here.
#
# 1. Generates the synthetic national corpora M (~100k rows) and L (~1M rows,
#    407 files) with cmd/gendata, once (under $BENCH_DIR), each twice: as
#    excelize writes workbooks (M, L) and as openpyxl and XlsxWriter do,
#    with free text and ~6 % bad or warned rows (M-others, L-others).
# 2. Times `kulturrapport run` on each, five times (RUNS), with /usr/bin/time -v:
#    wall, CPU (user+sys) and peak RSS, and prints the medians (and the
#    range of the wall times: this machine's speed drifts).
# 3. Runs the Go benchmarks of the readers on the same files: the fast
#    reader, excelize's Rows iterator (M only: it takes a minute on L) and
#    the floor (unzip + byte scan), one core, and ingest on one and two.
#
# Compare two builds with benchstat (go run golang.org/x/perf/cmd/benchstat):
# the Go benchmark output is saved as $BENCH_DIR/bench-<sizes>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/kulturrapport-bench}
SIZES=${SIZES:-M L}
WRITERS=${WRITERS:-excelize others}
RUNS=${RUNS:-5}
mkdir -p "$BENCH_DIR"
if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time is missing (apt-get install time)" >&2
  exit 1
fi
make --no-print-directory build >/dev/null # as make run builds it (Go's own linker)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(go version | cut -d' ' -f3)"
# floor prints the floor on L (unzip + byte scan, one core) as this
# machine runs now: its speed swings by up to 2×, and a table of runs
# means something only beside the state it was measured in. Twice: as the
# reader unzips (libdeflate, with cgo), and streamed as every part was
# before the seventeenth round (CGO_ENABLED=0), the figure earlier rounds'
# tables stand beside.
floor() {
  [ -f "$BENCH_DIR/L/config.yaml" ] || return 0
  for cgo in 1 0; do
    CGO_ENABLED=$cgo KULTURRAPPORT_BENCH_CORPUS="$BENCH_DIR/L" go test -run '^$' -bench '^BenchmarkFloor$' -benchtime 2x -count 1 -cpu 1 ./pipeline/ingest/internal/book/ |
      awk -v when="$1" -v cgo=$cgo '/^BenchmarkFloor/ {printf "floor on L %s the runs: %.2f s%s\n", when, $3/1e9, cgo ? "" : " (streamed, without cgo)"}'
  done
}
floor before
echo
echo "| corpus | files | rows | run wall (median of $RUNS) | wall min–max | CPU | peak RSS |"
echo "|---|---|---|---|---|---|---|"
corpora=()
for s in $SIZES; do
  for w in $WRITERS; do
    if [ "$w" = excelize ]; then corpora+=("$s"); else corpora+=("$s-$w"); fi
  done
done
for c in "${corpora[@]}"; do
  s=$c
  dir="$BENCH_DIR/$c"
  if [ ! -f "$dir/config.yaml" ]; then
    w=excelize
    [ "${c#*-}" != "$c" ] && w=${c#*-}
    go run ./cmd/gendata -size "${c%%-*}" -writers "$w" -out "$dir" >&2
  fi
  walls=() cpus=() rss=()
  for i in $(seq "$RUNS"); do
    out=$( { /usr/bin/time -v bin/kulturrapport run --quiet --config "$dir/config.yaml" --period 2026-10 --out "$BENCH_DIR/out-$s" "$dir" ; } 2>&1 >/dev/null )
    wall=$(echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {split($2,t,":"); if (length(t)==3) print t[1]*3600+t[2]*60+t[3]; else print t[1]*60+t[2]}')
    user=$(echo "$out" | awk -F': ' '/User time/ {print $2}')
    sys=$(echo "$out" | awk -F': ' '/System time/ {print $2}')
    kb=$(echo "$out" | awk -F': ' '/Maximum resident/ {print $2}')
    walls+=("$wall"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"); rss+=("$kb")
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  range() { printf '%s\n' "$@" | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "–" hi}'; }
  rows=$(bin/kulturrapport validate --json --config "$dir/config.yaml" "$dir" | grep -o '"rows_read": [0-9]*' | awk '{s+=$2} END {print s}')
  files=$(ls "$dir"/*.xlsx | wc -l)
  echo "| $s | $files | $rows | $(med "${walls[@]}") s | $(range "${walls[@]}") s | $(med "${cpus[@]}") s | $(( $(med "${rss[@]}") / 1024 )) MB |"
done
echo
floor after
echo
for s in "${corpora[@]}"; do
  bench='ReadFast|Floor|Ingest'
  [ "$s" = M ] && bench='ReadFast|ReadExcelize|Floor|Ingest'
  echo "Go benchmarks on $s:"
  # One process a -cpu value: with -cpu 1,2 a b.Loop benchmark run with
  # -benchtime Nx runs all its iterations at the list's last GOMAXPROCS
  # (Go issue 49980), so "one core" was two for the parallel ones (ingest).
  for cpu in 1 2; do
    KULTURRAPPORT_BENCH_CORPUS="$BENCH_DIR/$s" go test -run '^$' -bench "$bench" -benchtime 2x -count 1 -cpu "$cpu" ./pipeline/ingest/...
  done | tee "$BENCH_DIR/bench-$s.txt" | grep -E '^Benchmark'
  echo
done

# timed runs one command with /usr/bin/time -v and prints "wall rss_mb".
timed() {
  local out
  out=$( { /usr/bin/time -v "$@" ; } 2>&1 >/dev/null )
  echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {split($2,t,":"); w=(length(t)==3) ? t[1]*3600+t[2]*60+t[3] : t[1]*60+t[2]} /Maximum resident/ {r=int($2/1024)} END {print w, r}'
}

# Writing L's tables: the partitioned dataset (OUT/data) against one file a
# table, as runs wrote them before the dataset (target: no more), on one
# core and on two (-2: the dataset writes its partitions side by side, as a
# run does; the single files are written one after the other), five rounds
# each taking turns, medians.
L="$BENCH_DIR/L"
if [ -f "$L/config.yaml" ]; then
  go test -c -o "$BENCH_DIR/reports.test" ./reports
  echo "| writing L's tables (-2: two cores) | median of 5 | allocated |"
  echo "|---|---|---|"
  # Each benchmark in a process of its own: in one process, the one run
  # second was up to a third faster or slower, whichever it was.
  for i in 1 2 3 4 5; do
    for b in WriteSingleFiles WriteDataset; do
      for cpu in 1 2; do # one process each (see the Go benchmarks above)
        KULTURRAPPORT_BENCH_CORPUS="$L" "$BENCH_DIR/reports.test" -test.run '^$' -test.bench "^Benchmark$b\$" \
          -test.benchtime 3x -test.cpu "$cpu" -test.benchmem | grep -E '^Benchmark'
      done
    done
  done | tee "$BENCH_DIR/bench-write.txt" | sort -k1,1 -k3,3n \
    | awk '{n[$1]++; v[$1, n[$1]]=$3; m[$1]=$7} END {for (k in n) printf "| %s | %.2f s | %d MB |\n", k, v[k, int((n[k]+1)/2)]/1e9, m[k]/1e6}' | sort
  echo
fi

# Every region's own report, computed in the same run from the same tables
# (target: all regions of L add at most 50 % to a national run).
L="$BENCH_DIR/L"
if [ -f "$L/config.yaml" ]; then
  echo "| L, $(grep -cE '^  - (\{code|code):' "$L/config.yaml") regions | wall (median of 3) | peak RSS |"
  echo "|---|---|---|"
  for mode in national per-region; do
    flag=""; [ "$mode" = per-region ] && flag="--per-region"
    ws=() rs=()
    for i in 1 2 3; do
      read -r w r < <(timed bin/kulturrapport run --quiet $flag --config "$L/config.yaml" --period 2026-10 --out "$BENCH_DIR/out-L-$mode" "$L")
      ws+=("$w"); rs+=("$r")
    done
    echo "| run $flag | $(printf '%s\n' "${ws[@]}" | sort -g | sed -n 2p) s | $(printf '%s\n' "${rs[@]}" | sort -g | sed -n 2p) MB |"
  done
  echo
fi

# A million rejected rows in one file against the same rows good
# (target: the report written, peak RSS ≤ 400 MB, ≤ 3× the time).
rej="$BENCH_DIR/rejected"
[ -f "$rej/avvist.csv" ] || go run ./cmd/genhostile -out "$rej" -rejected 1000000 >/dev/null
echo "| one CSV of 1 000 000 rows | wall | peak RSS |"
echo "|---|---|---|"
for f in godtatt avvist; do
  read -r w r < <(KULTURRAPPORT_LIMITS_MAX_FILE_MB=100 timed bin/kulturrapport run --quiet --period 2026-10 --out "$BENCH_DIR/out-$f" "$rej/$f.csv")
  echo "| $f | $w s | $r MB |"
done
echo

# Each hostile input alone (target: ≤ 10 s and ≤ 500 MB each).
hostile="$BENCH_DIR/hostile"
rm -rf "$hostile" && go run ./cmd/genhostile -out "$hostile" >/dev/null
echo "| hostile input | wall | peak RSS |"
echo "|---|---|---|"
for f in "$hostile"/*; do
  read -r w r < <(timed bin/kulturrapport validate "$f")
  echo "| $(basename "$f" | cat -v) | $w s | $r MB |"
done
