#!/usr/bin/env bash
# The compatibility matrix: the unit, handler and platform tests on each pinned
# combination of XBlock and Django (requirements/matrix-*.txt), on SQLite, no browser.
# The handler tests go through the fake of Open edX's LMS only (`make test` also runs
# them through the workbench); CAP_HANDLER_RUNTIMES=workbench,lms runs both.
#
#   bash scripts/matrix.sh [COMBO...]     e.g. xblock5-django42 (default: every combination)
#
# Each combination gets its own virtualenv under var/matrix/<combo>, made with
# $PYTHON (Python 3.12), rebuilt only when its requirements file or setup.py
# changes. Combinations run side by side, $MATRIX_JOBS at a time (default: the
# number of CPUs); each one's output goes to var/matrix/<combo>.log and is
# printed when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.12}
[ -n "$PYTHON" ] || PYTHON=python3.12
PYTEST_ARGS=${PYTEST_ARGS:-}
JOBS=${MATRIX_JOBS:-$(nproc 2>/dev/null || echo 2)}
combos=("$@")
if [ ${#combos[@]} -eq 0 ]; then
  for file in requirements/matrix-*.txt; do combos+=("$(basename "$file" .txt | sed 's/^matrix-//')"); done
fi
mkdir -p var/matrix

install() {  # combo -> its virtualenv, up to date
  local combo=$1 requirements="requirements/matrix-$1.txt" venv="var/matrix/$1" stamp
  stamp="$venv/.installed-$(cat "$requirements" setup.py | sha1sum | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    echo "== $combo: installing $requirements into $venv"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade "pip<26"
    "$venv/bin/python" -m pip install --quiet -r "$requirements"
    # The package itself (its entry points name the block to the workbench), without touching the pins.
    "$venv/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
    touch "$stamp"
  fi
}

run() {  # combo -> its tests; the exit status is the tests'
  local combo=$1 venv="var/matrix/$1" versions
  install "$combo"
  versions=$("$venv/bin/python" -c "import importlib.metadata as m; print('XBlock', m.version('XBlock'), '· Django', m.version('Django'))")
  echo "== $combo ($versions): unit, handler (through the LMS fake) and platform tests"
  # shellcheck disable=SC2086
  CAP_HANDLER_RUNTIMES=${CAP_HANDLER_RUNTIMES:-lms} "$venv/bin/python" -m pytest tests/unit tests/handlers tests/platform -q -p no:cacheprovider $PYTEST_ARGS
}

for combo in "${combos[@]}"; do
  [ -f "requirements/matrix-$combo.txt" ] || { echo "No requirements/matrix-$combo.txt"; exit 2; }
done
declare -A pids
status=0
started=0
for combo in "${combos[@]}"; do
  if [ "$started" -ge "$JOBS" ]; then wait -n || true; fi
  run "$combo" > "var/matrix/$combo.log" 2>&1 &
  pids[$combo]=$!
  started=$((started + 1))
done
summary=()
for combo in "${combos[@]}"; do
  if wait "${pids[$combo]}"; then result=passed; else result=FAILED; status=1; fi
  grep -v "^WARNING: Location" "var/matrix/$combo.log" | tail -n 25
  summary+=("$combo: $result")
done
printf '%s\n' "== matrix" "${summary[@]}"
exit $status
