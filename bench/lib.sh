# Shared by the benchmark scripts (sourced, not run). The sourcing script sets
# BENCH_NAME (its name in messages), PY, REPO and TIME first.

die() { echo "$BENCH_NAME: $*" >&2; exit 1; }
say() { echo "$BENCH_NAME: $*" >&2; }

# Checks the binary and Python, and makes the scratch directory (never inside
# the repository); prints its absolute path.
bench_prepare() {  # bench_prepare BIN BENCH_DIR
    [ -x "$1" ] || die "no executable at $1 (build it first: cmake --build build, or set TMKIT_BIN)"
    [ -x "$PY" ] || die "$PY not found (the benchmark uses Debian's system Python)"
    local dir
    dir=$(realpath -m "$2")
    case "$dir/" in
        "$(realpath "$REPO")"/*) die "TMKIT_BENCH_DIR ($dir) is inside the repository; use a directory outside it" ;;
    esac
    mkdir -p "$dir"
    echo "$dir"
}

apt_install() {  # apt_install PACKAGE WHY
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing $1 ($2)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >&2 \
            || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >&2; } \
            || die "could not install $1"
    else
        die "$2 is missing: sudo apt-get install $1"
    fi
}
