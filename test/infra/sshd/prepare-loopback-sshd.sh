#!/usr/bin/env bash
# Prepares a throw-away sshd for tests in DIR (which must exist, owned by root): a host key, a user key
# authorised for USER only, a known_hosts line for 127.0.0.1:PORT and an sshd_config. Creates USER when
# missing. Starts nothing: loopback-sshd.ts runs `/usr/sbin/sshd -D -f DIR/sshd_config -E DIR/sshd.log`
# and stops it by PID. Must run as root (sshd needs it to switch to USER).
#
#   prepare-loopback-sshd.sh DIR PORT USER
set -euo pipefail
dir=$1 port=$2 user=$3

if [[ ! -x /usr/sbin/sshd ]]; then
  echo "/usr/sbin/sshd is missing: apt-get install -y --no-install-recommends openssh-server openssh-client" >&2
  exit 2
fi
if ! id -u "$user" >/dev/null 2>&1; then
  # Another test file may be creating the same user right now: only a user still missing afterwards is an error.
  useradd --create-home --shell /bin/sh "$user" 2>/dev/null || id -u "$user" >/dev/null
fi
# useradd leaves the account locked ("!" password), which sshd refuses even for key logins, and the
# client sees only "Permission denied (publickey)". "*" unlocks it and still allows no password.
usermod -p '*' "$user"
# sshd's privilege-separation directory (normally made by its init script).
install -d -m 0755 /run/sshd

ssh-keygen -q -t ed25519 -N '' -C majorana-test-host -f "$dir/host_key"
ssh-keygen -q -t ed25519 -N '' -C majorana-test-user -f "$dir/user_key"
# sshd reads authorized_keys as the user: the folder must let the user in (but not read the private keys).
chmod 0711 "$dir"
install -m 0644 "$dir/user_key.pub" "$dir/authorized_keys"
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$dir/host_key.pub")" >"$dir/known_hosts"

cat >"$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile none
AllowUsers $user
AuthorizedKeysFile $dir/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
# No PAM here (no syslog, no session modules); the key is the only way in.
UsePAM no
# The keys live under /tmp, whose sticky world-writable mode StrictModes would refuse.
StrictModes no
# The default (10:30:100) refuses about a quarter of 40 parallel connections.
MaxStartups 200
# Every command of a runner is one session on its shared connection.
MaxSessions 100
LogLevel VERBOSE
CONF
