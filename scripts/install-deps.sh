#!/usr/bin/env bash
# Install the Debian 12 packages wijksim needs to build, test and analyse.
# Idempotent and non-interactive: installs only what is missing. When not
# root, prints the exact apt-get command and stops (exit 1).
set -euo pipefail

packages=(
	build-essential pkg-config
	libgsl-dev libhdf5-dev hdf5-tools libconfig-dev librandom123-dev libcmocka-dev nettle-dev
	python3-h5py python3-numpy python3-matplotlib python3-xarray python3-h5netcdf
	python3-scipy python3-pandas python3-jinja2
	libmicrohttpd-dev libjansson-dev   # wijksim serve (the explorer)
)
# Optional: the fuzzer and memory checker (make fuzz, make valgrind).
optional=(clang libclang-rt-14-dev valgrind)
# Optional: Open MPI for bin/wijksim-mpi (make mpi, and its tests).
mpi=(libopenmpi-dev openmpi-bin)
want=("${packages[@]}")
if [ "${WIJKSIM_OPTIONAL_DEPS:-0}" = 1 ]; then
	want+=("${optional[@]}" "${mpi[@]}")
elif [ "${WIJKSIM_MPI:-0}" = 1 ]; then
	want+=("${mpi[@]}")
fi

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
# The explorer's npm packages and chromium (scripts/install-web.sh), at exit.
trap 'bash "$(dirname "$0")/install-web.sh"' EXIT
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#want[@]} packages present"
	exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run as root: apt-get update && DEBIAN_FRONTEND=noninteractive $cmd" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "deps: installing ${missing[*]}"
# Update the lists only when a package is not known yet.
need_update=0
for p in "${missing[@]}"; do
	apt-cache show "$p" >/dev/null 2>&1 || need_update=1
done
if [ "$need_update" = 1 ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
	apt-get update -q
fi
apt-get install -y -q --no-install-recommends "${missing[@]}"
