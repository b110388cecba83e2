#!/usr/bin/env bash
# Installs the Debian 12 packages that building psinfo and running all its tests need.
# Run as root (or through sudo). Non-interactive; safe to run again.
set -euo pipefail
packages=(
  cmake make g++ pkg-config  # build; pkg-config (pkgconf) also for the install test
  libfmt-dev                 # the CLI and the tests (the library itself needs only libstdc++)
  libcli11-dev               # the CLI's command line (header-only CLI11)
  libcpp-httplib-dev         # `psinfo serve`'s HTTP (cpp-httplib)
  prometheus prometheus-node-exporter  # tests/prometheus: promtool, a real Prometheus, node_exporter
  catch2                     # the C++ tests (Catch2 v2)
  python3 python3-psutil python3-pytest  # the Python tests (pytest) and the comparisons with psutil
  python3-setuptools python3-pip python3-venv  # the Python package: pip install ./python, offline
  openjdk-17-jre-headless    # the cgroup live test's oracle: `java -XshowSettings:system`
  procps iproute2            # `free`, `uptime`; `ip`, `ss`: what the live and net tests compare with
  tmux                       # the CLI tests of `top` on a terminal (its keys; tests/cli)
  util-linux mount           # `lscpu`, `findmnt`, `unshare`, `mount` (normally there already)
  clang-14 libclang-rt-14-dev  # the libFuzzer targets (fuzz/, scripts/reliability.sh)
  libc++-14-dev              # scripts/bsd-check.sh (the BSD headers with clang-14's libc++)
  valgrind                   # the short memcheck run of scripts/reliability.sh
  clang-format-14            # scripts/check-format.sh (run by scripts/test.sh)
  libbenchmark-dev libstatgrab-dev libproc2-dev  # bench/run.sh (Google Benchmark, the C peers)
)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${packages[@]}"
