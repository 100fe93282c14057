#!/usr/bin/env bash
# deploy/install.sh [COLLECTOR_URI]: builds the sensor, installs it in /opt/iplookup-sensor with its systemd unit,
# a service user and /etc/iplookup-sensor/config.json, then starts it. Run as root from the repository. Needs the
# .NET 10 SDK; installs libpcap with apt if missing. Safe to run again (an existing config.json is kept).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $EUID -eq 0 ]] || { echo "install.sh: run as root (sudo deploy/install.sh)" >&2; exit 2; }
collector=${1:-}

dpkg -s libpcap0.8 >/dev/null 2>&1 || apt-get install -y --no-install-recommends libpcap0.8
# ReadyToRun: precompiled code starts fast and carries a replay until the JIT has tuned the hot path (bench/README.md).
rid=linux-x64; [[ $(uname -m) == aarch64 ]] && rid=linux-arm64
dotnet publish src/Sensor -c Release -r $rid --self-contained false -p:PublishReadyToRun=true -o /opt/iplookup-sensor -nologo -v q
install -d -m 0755 /opt/iplookup-sensor/docs && cp docs/*.md /opt/iplookup-sensor/docs/

getent group iplookup-sensor >/dev/null || groupadd --system iplookup-sensor
getent passwd iplookup-sensor >/dev/null || useradd --system --gid iplookup-sensor --no-create-home \
  --home-dir /var/lib/iplookup-sensor --shell /usr/sbin/nologin iplookup-sensor

install -d -m 0750 -g iplookup-sensor /etc/iplookup-sensor
if [[ ! -e /etc/iplookup-sensor/config.json ]]; then
  if [[ -n $collector ]]; then
    printf '{\n  "Syslog": [ "%s" ]\n}\n' "$collector" > /etc/iplookup-sensor/config.json
  else
    printf '{\n  "Syslog": []\n}\n' > /etc/iplookup-sensor/config.json
  fi
  chgrp iplookup-sensor /etc/iplookup-sensor/config.json && chmod 0640 /etc/iplookup-sensor/config.json
fi

install -m 0644 deploy/iplookup-sensor.service /etc/systemd/system/iplookup-sensor.service
if [[ ! -d /run/systemd/system ]]; then
  # A container or chroot without systemd: everything is in place, only starting it is left to the caller.
  echo "install.sh: installed, but systemd is not running here; start it as the unit would:"
  echo "  setpriv --reuid=iplookup-sensor --regid=iplookup-sensor --init-groups --inh-caps=+net_raw,+sys_ptrace,+dac_read_search,+bpf,+perfmon \\"
  echo "    --ambient-caps=+net_raw,+sys_ptrace,+dac_read_search,+bpf,+perfmon env IPLOOKUP_Spool__Path=/var/lib/iplookup-sensor/spool \\"
  echo "    /opt/iplookup-sensor/iplookup-sensor run --config /etc/iplookup-sensor/config.json"
  install -d -m 0700 -o iplookup-sensor -g iplookup-sensor /var/lib/iplookup-sensor
  exit 0
fi
systemctl daemon-reload
systemctl enable --now iplookup-sensor
systemctl --no-pager status iplookup-sensor | head -5
echo "install.sh: running; 'journalctl -u iplookup-sensor -f' shows its log, /etc/iplookup-sensor/config.json its settings"
