#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, ASan + UBSan, build/fuzz) and runs them.
#
#   bash scripts/fuzz.sh [--seconds N] [--keep-going] [target...] [-- libFuzzer flags]
#       Fuzz each target (all by default: account market orders config preview) for N seconds
#       (default 60), one after the other. New inputs go to build/fuzz/corpus/<target>/ (kept
#       from run to run, outside git; tests/fuzz/corpus/<target>/ holds the checked-in seeds),
#       crashes and invariant failures to build/fuzz/artifacts/<target>/. --keep-going carries on
#       after a failure (libFuzzer's fork mode), saving each one. `npm run fuzz -- ...` runs this.
#   bash scripts/fuzz.sh --runs N [target...]
#       The `npm test` step: N inputs per target with a fixed seed, from the checked-in seeds
#       only (a fresh build/fuzz/test-corpus/<target>/ each time) and without address space
#       randomisation, so that every run on the same code tries the same inputs.
#
# A failing input reproduces with build/fuzz/tests/fuzz/fuzz_<target> <file>, and shrinks with
# build/fuzz/tests/fuzz/fuzz_<target> -minimize_crash=1 -runs=20000 <file>.
# Exits non-zero when any target failed (after running all of them).
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(account market orders config preview)
seconds=60
runs=""
keep_going=0
targets=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --keep-going) keep_going=1; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *)
      if [[ " ${all_targets[*]} " != *" $1 "* ]]; then
        echo "fuzz: unknown target '$1' (targets: ${all_targets[*]})" >&2
        exit 2
      fi
      targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
# libFuzzer reads 0 as "no limit".
for number in "$seconds" ${runs:+"$runs"}; do
  if ! [[ "$number" =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz: --seconds and --runs take a whole number > 0, got '$number'" >&2
    exit 2
  fi
done

cxx=$(command -v clang++ || true)
if [ -z "$cxx" ]; then
  echo "fuzz: clang++ not found (scripts/setup.sh installs clang and its libFuzzer runtime)" >&2
  exit 2
fi

# Configured once; cmake cannot switch an existing build directory to another compiler.
if [ ! -f build/fuzz/CMakeCache.txt ]; then
  cmake -S . -B build/fuzz -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMARGINKIT_FUZZ=ON -DMARGINKIT_TESTS=OFF -DMARGINKIT_BENCH=OFF >/dev/null
fi
cmake --build build/fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")

export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# With a fixed seed libFuzzer repeats itself only when the heap does too (it learns from
# comparisons, some of them of addresses): the --runs step turns address space randomisation off
# where it can, and libFuzzer's timed re-reading of the corpus directory (-reload=0).
same_addresses=()
if [ -n "$runs" ] && setarch "$(uname -m)" -R true 2>/dev/null; then
  same_addresses=(setarch "$(uname -m)" -R)
fi
mkdir -p build/fuzz/logs
failed=()
for target in "${targets[@]}"; do
  binary="build/fuzz/tests/fuzz/fuzz_$target"
  artifacts="build/fuzz/artifacts/$target"
  log="build/fuzz/logs/$target.log"
  mkdir -p "$artifacts"
  common=(-dict=tests/fuzz/json.dict -artifact_prefix="$artifacts/" -timeout=30 -print_final_stats=1)
  if [ -n "$runs" ]; then
    corpus="build/fuzz/test-corpus/$target"
    rm -rf "$corpus"
    mkdir -p "$corpus"
    if ${same_addresses[@]+"${same_addresses[@]}"} "$binary" "${common[@]}" -runs="$runs" -seed=1 -reload=0 \
        "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
      printf 'fuzz_%-8s %s runs: ok (%s s)\n' "$target" "$runs" "$(grep -oE 'Done [0-9]+ runs in [0-9]+' "$log" | grep -oE '[0-9]+$')"
    else
      printf 'fuzz_%-8s FAILED (log: %s, input saved in %s/)\n' "$target" "$log" "$artifacts"
      sed -n '/invariant broken\|ERROR: \|runtime error/,$p' "$log" | grep -v '^    #' | head -60
      failed+=("$target")
    fi
  else
    corpus="build/fuzz/corpus/$target"
    mkdir -p "$corpus"
    mode=()
    [ "$keep_going" -eq 0 ] || mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    echo "=== fuzz_$target for $seconds s (corpus $corpus, artifacts $artifacts/, log $log)"
    # The whole log goes to $log; the terminal gets the progress lines and any failure. A failure
    # is a non-zero exit or, with --keep-going (where libFuzzer exits 0), a new file in $artifacts.
    before=$(find "$artifacts" -type f | wc -l)
    set +e
    "$binary" "${common[@]}" ${mode[@]+"${mode[@]}"} -max_total_time="$seconds" ${extra[@]+"${extra[@]}"} \
      "$corpus" "tests/fuzz/corpus/$target" 2>&1 | tee "$log" |
      grep --line-buffered -E 'pulse|DONE|Done|oom/timeout/crash|invariant broken|ERROR: |runtime error|Test unit written'
    status=${PIPESTATUS[0]}
    set -e
    after=$(find "$artifacts" -type f | wc -l)
    if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
      echo "fuzz_$target: $((after - before)) new failing input(s) in $artifacts/"
      failed+=("$target")
    fi
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in ${failed[*]}: inputs in build/fuzz/artifacts/<target>/, known ones in tests/fuzz/crashes-found.md" >&2
  exit 1
fi
