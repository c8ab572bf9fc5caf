#!/usr/bin/env bash
# make doctor's memory verdict: ok, tight, short or unknown, for the MiB Docker reports
# (`docker info`'s MemTotal), the MiB the stack's limits add up to, and the GiB the README says
# to give Docker.
#
# A VM given N GiB reports less than N x 1024 MiB: its kernel keeps some for itself before
# anything runs (a 24 GiB VM here reports 98.1% of it as MemTotal; Docker Desktop's own figure
# is "a bit lower than the slider", microsoft/vscode-remote-release#6610). So 95% of what the
# README asks for counts as having given it.
#
#   memory-verdict.sh REPORTED_MIB NEED_MIB GIVE_GIB
set -euo pipefail
reported=$1 need=$2 give_gib=$3
if [ "$reported" -le 0 ]; then
  echo unknown
elif [ "$reported" -ge $(( give_gib * 1024 * 95 / 100 )) ]; then
  echo ok
elif [ "$reported" -ge "$need" ]; then
  echo tight
else
  echo short
fi
