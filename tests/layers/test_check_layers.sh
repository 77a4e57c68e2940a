#!/usr/bin/env bash
# tests/layers/test_check_layers.sh: scripts/check_layers passes on this repository and fails, naming
# the file, the line and what its layer may include, on trees with an upward include, a bare
# include of a sibling, platform code in the engine, and a file outside the layers.
set -u
cd "$(dirname "$0")/../.."
check=$PWD/scripts/check_layers
fail=0
expect() { # expect <ok|fail> <text the output must contain> <tree>
  out=$("$check" "$3" 2>&1); rc=$?
  if { [ "$1" = ok ] && [ $rc != 0 ]; } || { [ "$1" = fail ] && [ $rc = 0 ]; } ||
     ! grep -qF -- "$2" <<<"$out"; then
    echo "FAILED: expected $1 with \"$2\", got rc $rc:"; echo "$out"; fail=1
  fi
}
expect ok "check_layers: ok" .

tree() { # a minimal layered tree in a fresh temp dir
  d=$(mktemp -d)
  mkdir -p "$d"/engine/{core,train,data,analysis,io} "$d"/course
  echo '#include "engine/core/types.h"' >"$d/engine/train/config.h"
  echo '#include <vector>' >"$d/engine/core/types.h"
  echo "$d"
}
d=$(tree); expect ok "check_layers: ok" "$d"; rm -rf "$d"
d=$(tree); printf '#pragma once\n#include "engine/train/config.h"\n' >"$d/engine/core/ops.h"
expect fail 'engine/core/ops.h:2: #include "engine/train/config.h"  (engine/core may include only: engine/core)' "$d"; rm -rf "$d"
d=$(tree); echo '#include "engine/io/model_file.h"' >"$d/engine/analysis/pca.cpp"
expect fail "engine/analysis/pca.cpp:1" "$d"; rm -rf "$d"
d=$(tree); echo '#include "types.h"' >"$d/engine/core/rng.h"
expect fail 'name the layer: #include "engine/core/types.h"' "$d"; rm -rf "$d"
d=$(tree); echo '#include <emscripten.h>' >"$d/engine/core/simd.h"
expect fail "platform or page code in the engine" "$d"; rm -rf "$d"
d=$(tree); echo '#include "web/app/ui.h"' >"$d/course/lesson.cpp"
expect fail "platform or page code in the engine" "$d"; rm -rf "$d"
d=$(tree); touch "$d/engine/stray.h"
expect fail "engine/stray.h: outside the layers" "$d"; rm -rf "$d"
[ $fail = 0 ] && echo "check_layers tests: ok"
exit $fail
