# Shared by the benchmark scripts (sourced, after OUT is set).

# measure NAME CMD... : runs CMD under /usr/bin/time (its output in
# $OUT/NAME.log) and appends "NAME seconds peak_kB user_s sys_s" to
# $OUT/results; a failed command stops the benchmark with its log.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/$name.time" "$@" >"$OUT/$name.log" 2>&1 || {
    echo "benchmark $name failed:"; cat "$OUT/$name.log"; exit 1; }
  echo "$name $(cat "$OUT/$name.time")" >>"$OUT/results"
}

# machine: the line describing this machine that every report starts with
machine() {
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/Mem:/{print $2}') GiB RAM$*"
}
