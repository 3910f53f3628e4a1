#!/usr/bin/env bash
# ensure-servers.sh — make sure the PostgreSQL 15 and Redis servers that
# stressql's integration tests and default targets use are up on 127.0.0.1.
#
# Idempotent: servers that already answer are left alone. Run as root on a
# Debian 12 machine (the project's dev/CI machine): PostgreSQL 15 installed
# (cluster 15/main), Redis installed on demand from Debian's packages.
#
# When STRESSQL_POSTGRES_URL / STRESSQL_REDIS_URL are set, the script only
# checks that those targets answer and starts nothing.
#
# Exit status: 0 when both servers answer, 1 otherwise.
set -u

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
PG_URL_LOCAL="postgres://stressql:stressql@127.0.0.1:${PG_PORT}/stressql"
PG_MAX_CONNECTIONS=300
REDIS_PORT=6379
REDIS_PIDFILE=/tmp/stressql-redis.pid
REDIS_LOGFILE=/tmp/stressql-redis.log
WAIT_SECONDS=30

SNAKEOIL_CERT=/etc/ssl/certs/ssl-cert-snakeoil.pem
SNAKEOIL_KEY=/etc/ssl/private/ssl-cert-snakeoil.key

log() { printf '%s\n' "$*"; }
fail() { printf '%s\n' "$*" >&2; }

# redact hides the secrets of a connection string, as stressql does (package
# redact): the userinfo password of a URL, encoded or not (up to the last
# '@', since an unencoded password may hold '@', '/' or '%'), secret query
# parameters (password, sslpassword, *secret*, *token*), the fragment, and
# the secret values of a keyword/value string, quoted or not.
redact() {
	printf '%s' "$1" | sed -E \
		-e 's#^([A-Za-z][A-Za-z0-9+.-]*://[^:/@]*):.*@#\1:xxxxx@#' \
		-e 's#([?&][A-Za-z_]*(password|passwd|secret|token)[A-Za-z_]*=)[^&#]*#\1xxxxx#Ig' \
		-e '/:\/\//s/#.+$/#xxxxx/' \
		-e "s#(^|[[:space:]])([A-Za-z_]*(password|passwd|secret|token)[A-Za-z_]*[[:space:]]*=[[:space:]]*)('([^'\\\\]|\\\\.)*'?|[^[:space:]]*)#\\1\\2xxxxx#Ig"
}

# as_postgres runs a command as the postgres OS user.
as_postgres() {
	if command -v runuser >/dev/null 2>&1; then
		runuser -u postgres -- "$@"
	else
		su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
	fi
}

# wait_for runs "$@" once a second until it succeeds, for at most
# WAIT_SECONDS seconds.
wait_for() {
	local i
	for ((i = 0; i < WAIT_SECONDS; i++)); do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 1
	done
	"$@" >/dev/null 2>&1
}

# ---------------------------------------------------------------- postgres

pg_url_ok() {
	PGCONNECT_TIMEOUT=5 psql "$1" -X -q -t -A -c 'select 1' >/dev/null 2>&1
}

pg_local_answers() {
	pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 3
}

# pg_prepare_ssl makes sure the snakeoil key and certificate that the
# Debian cluster's ssl = on points at exist and are readable by postgres.
pg_prepare_ssl() {
	if [[ -s $SNAKEOIL_CERT && -s $SNAKEOIL_KEY ]] && as_postgres test -r "$SNAKEOIL_KEY" -a -r "$SNAKEOIL_CERT"; then
		return 0
	fi
	log "postgres: snakeoil TLS key/certificate missing or unreadable; regenerating"
	if ! command -v make-ssl-cert >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y ssl-cert >/dev/null 2>&1 || true
	fi
	make-ssl-cert generate-default-snakeoil --force-overwrite || return 1
	# The key is group-readable by ssl-cert; postgres must be in that group.
	if getent group ssl-cert >/dev/null && ! id -nG postgres | tr ' ' '\n' | grep -qx ssl-cert; then
		usermod -a -G ssl-cert postgres || return 1
	fi
	as_postgres test -r "$SNAKEOIL_KEY"
}

pg_configure_and_start() {
	if ! command -v pg_ctlcluster >/dev/null 2>&1; then
		fail "postgres: pg_ctlcluster not found; install PostgreSQL ${PG_VERSION}: apt-get install -y postgresql-${PG_VERSION}"
		return 1
	fi
	if ! pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}' | grep -qx "${PG_VERSION}/${PG_CLUSTER}"; then
		fail "postgres: cluster ${PG_VERSION}/${PG_CLUSTER} does not exist; create it with: pg_createcluster ${PG_VERSION} ${PG_CLUSTER}"
		return 1
	fi
	local current
	current=$(pg_conftool -s "$PG_VERSION" "$PG_CLUSTER" show max_connections 2>/dev/null || true)
	if [[ $current != "$PG_MAX_CONNECTIONS" ]]; then
		pg_conftool "$PG_VERSION" "$PG_CLUSTER" set max_connections "$PG_MAX_CONNECTIONS" || {
			fail "postgres: could not set max_connections (pg_conftool ${PG_VERSION} ${PG_CLUSTER} set max_connections ${PG_MAX_CONNECTIONS})"
			return 1
		}
	fi
	if ! pg_prepare_ssl; then
		fail "postgres: TLS key/certificate unusable; run: make-ssl-cert generate-default-snakeoil --force-overwrite && usermod -a -G ssl-cert postgres"
		return 1
	fi
	# The cluster may be "online" on another port/listen address, or have
	# crashed with a stale pid file: pg_ctlcluster handles the latter.
	if ! pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start; then
		fail "postgres: pg_ctlcluster ${PG_VERSION} ${PG_CLUSTER} start failed; see /var/log/postgresql/postgresql-${PG_VERSION}-${PG_CLUSTER}.log"
		return 1
	fi
	if ! wait_for pg_local_answers; then
		fail "postgres: started but 127.0.0.1:${PG_PORT} does not answer after ${WAIT_SECONDS}s; see /var/log/postgresql/postgresql-${PG_VERSION}-${PG_CLUSTER}.log"
		return 1
	fi
}

# pg_ensure_role_and_db creates role stressql and database stressql over
# the local socket as the postgres OS user.
pg_ensure_role_and_db() {
	local psql_pg=(as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres -t -A)
	local has_role has_db
	has_role=$("${psql_pg[@]}" -c "select 1 from pg_roles where rolname = 'stressql'") || return 1
	if [[ $has_role != 1 ]]; then
		"${psql_pg[@]}" -c "create role stressql login createdb createrole password 'stressql'" || return 1
		log "postgres: created role stressql"
	else
		"${psql_pg[@]}" -c "alter role stressql login createdb createrole password 'stressql'" || return 1
	fi
	has_db=$("${psql_pg[@]}" -c "select 1 from pg_database where datname = 'stressql'") || return 1
	if [[ $has_db != 1 ]]; then
		"${psql_pg[@]}" -c "create database stressql owner stressql" || return 1
		log "postgres: created database stressql"
	fi
}

ensure_postgres() {
	if [[ -n ${STRESSQL_POSTGRES_URL:-} ]]; then
		local shown
		shown=$(redact "$STRESSQL_POSTGRES_URL")
		if pg_url_ok "$STRESSQL_POSTGRES_URL"; then
			log "postgres: answering at ${shown} (STRESSQL_POSTGRES_URL)"
			return 0
		fi
		fail "postgres: ${shown} (STRESSQL_POSTGRES_URL) does not answer 'select 1'."
		fail "          Start that server or fix the URL, or unset STRESSQL_POSTGRES_URL to use a local server."
		return 1
	fi
	if ! command -v psql >/dev/null 2>&1 || ! command -v pg_isready >/dev/null 2>&1; then
		fail "postgres: psql/pg_isready not found; install PostgreSQL ${PG_VERSION}: apt-get install -y postgresql-${PG_VERSION}"
		return 1
	fi
	local started=0
	if pg_local_answers; then
		:
	else
		if [[ $(id -u) != 0 ]]; then
			fail "postgres: 127.0.0.1:${PG_PORT} does not answer and starting it needs root; run: sudo bash $0"
			return 1
		fi
		pg_configure_and_start || return 1
		started=1
	fi
	if ! pg_url_ok "$PG_URL_LOCAL"; then
		if [[ $(id -u) == 0 ]] && id postgres >/dev/null 2>&1; then
			if ! pg_ensure_role_and_db; then
				fail "postgres: could not create role/database stressql; as the postgres user run:"
				fail "          psql -c \"create role stressql login createdb createrole password 'stressql'\" -c 'create database stressql owner stressql'"
				return 1
			fi
		fi
		if ! wait_for pg_url_ok "$PG_URL_LOCAL"; then
			fail "postgres: $(redact "$PG_URL_LOCAL") does not accept 'select 1'."
			fail "          Check pg_hba.conf allows scram-sha-256 on 127.0.0.1 and that role/database stressql exist."
			return 1
		fi
	fi
	if ((started)); then
		log "postgres: started cluster ${PG_VERSION}/${PG_CLUSTER} on 127.0.0.1:${PG_PORT} ($(redact "$PG_URL_LOCAL"))"
	else
		log "postgres: already running on 127.0.0.1:${PG_PORT} ($(redact "$PG_URL_LOCAL"))"
	fi
}

# ------------------------------------------------------------------- redis

# redis_ping URL-or-empty: PING the given URL, or 127.0.0.1:REDIS_PORT.
redis_ping() {
	local url=${1:-}
	if command -v redis-cli >/dev/null 2>&1; then
		local out
		if [[ -n $url ]]; then
			out=$(timeout 5 redis-cli --no-auth-warning -u "$url" ping 2>/dev/null)
		else
			out=$(timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)
		fi
		[[ $out == PONG ]]
		return
	fi
	# No redis-cli: speak RESP over bash's /dev/tcp (no AUTH, no TLS).
	local hostport host port
	if [[ -n $url ]]; then
		hostport=${url#*://}
		hostport=${hostport#*@}
		hostport=${hostport%%/*}
	else
		hostport="127.0.0.1:${REDIS_PORT}"
	fi
	host=${hostport%:*}
	port=${hostport##*:}
	[[ $port == "$hostport" ]] && port=6379
	# shellcheck disable=SC2016 # expanded by the inner bash, from its arguments
	timeout 5 bash -c '
		exec 3<>"/dev/tcp/$1/$2" || exit 1
		printf "PING\r\n" >&3
		IFS= read -r line <&3
		[[ $line == "+PONG"* ]]
	' _ "$host" "$port" 2>/dev/null
}

redis_install() {
	# Debian's postinst tries to start the service (systemd / invoke-rc.d),
	# which fails or starts a persistent server in a container: block
	# service starts while installing with a temporary policy-rc.d.
	local policy=/usr/sbin/policy-rc.d created_policy=0
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
	fi
	local rc=0
	if ! apt-cache policy redis-server 2>/dev/null | grep -q 'Candidate: [0-9]'; then
		log "redis: refreshing package lists (apt-get update)"
		apt-get update -qq || rc=$?
	fi
	if ((rc == 0)); then
		log "redis: installing redis-server redis-tools"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null || rc=$?
	fi
	if ((created_policy)); then
		rm -f "$policy"
	fi
	if ((rc != 0)) || ! command -v redis-server >/dev/null 2>&1; then
		# A half-configured package (postinst start failure) can usually be
		# finished once starts are blocked.
		DEBIAN_FRONTEND=noninteractive dpkg --configure -a >/dev/null 2>&1 || true
		command -v redis-server >/dev/null 2>&1
		return
	fi
}

ensure_redis() {
	if [[ -n ${STRESSQL_REDIS_URL:-} ]]; then
		local shown
		shown=$(redact "$STRESSQL_REDIS_URL")
		if redis_ping "$STRESSQL_REDIS_URL"; then
			log "redis: answering at ${shown} (STRESSQL_REDIS_URL)"
			return 0
		fi
		fail "redis: ${shown} (STRESSQL_REDIS_URL) does not answer PING."
		fail "       Start that server or fix the URL, or unset STRESSQL_REDIS_URL to use a local server."
		return 1
	fi
	if redis_ping; then
		log "redis: already running on 127.0.0.1:${REDIS_PORT} (redis://127.0.0.1:${REDIS_PORT}/0)"
		return 0
	fi
	if [[ $(id -u) != 0 ]] && ! command -v redis-server >/dev/null 2>&1; then
		fail "redis: not installed and installing needs root; run: sudo bash $0"
		return 1
	fi
	if ! command -v redis-server >/dev/null 2>&1; then
		if ! redis_install; then
			fail "redis: installing redis-server failed; run: apt-get update && apt-get install -y redis-server redis-tools"
			return 1
		fi
		# The package may have started a server despite everything.
		if redis_ping; then
			log "redis: running on 127.0.0.1:${REDIS_PORT} (started by the package)"
			return 0
		fi
	fi
	if ! redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
		--save '' --appendonly no --dir /tmp \
		--daemonize yes --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOGFILE"; then
		fail "redis: redis-server failed to start; see ${REDIS_LOGFILE}"
		return 1
	fi
	if ! wait_for redis_ping; then
		fail "redis: started but 127.0.0.1:${REDIS_PORT} does not answer PING after ${WAIT_SECONDS}s; see ${REDIS_LOGFILE}"
		return 1
	fi
	log "redis: started on 127.0.0.1:${REDIS_PORT} (pid $(cat "$REDIS_PIDFILE" 2>/dev/null || echo '?'), no persistence, log ${REDIS_LOGFILE})"
}

status=0
ensure_postgres || status=1
ensure_redis || status=1
exit "$status"
