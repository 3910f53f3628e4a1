#!/usr/bin/env bash
# ensure-servers.sh — make sure the PostgreSQL 15 and Redis servers that
# stressql's integration tests and default targets use are up on 127.0.0.1.
#
# Idempotent: servers that already answer are left alone. Run as root on a
# Debian 12 machine (the project's dev/CI machine): PostgreSQL 15 installed
# (cluster 15/main), Redis installed on demand from Debian's packages.
#
# On the local cluster it manages (as the postgres OS user, over the
# socket) it also makes an existing role and database usable, whoever
# created them: role stressql gets LOGIN, CREATEDB and CREATEROLE (the test
# helpers create temporary roles), database stressql exists, and the role
# has CREATE and CONNECT on it (stressql creates one schema per scenario;
# PostgreSQL 15 grants no CREATE on a database to non-owners). It never
# resets a password the user changed, unless logging in with the
# documented one (stressql) fails: then that is what the default target
# needs, and the script says it reset it.
#
# When STRESSQL_POSTGRES_URL / STRESSQL_REDIS_URL are set, the script
# changes and starts nothing: it checks that those targets answer and that
# the PostgreSQL role may create schemas, and prints the GRANT to run when
# it may not.
#
# Exit status: 0 when both servers answer and the role may create its
# schemas, 1 otherwise.
set -u

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
# The role, database and password of the default target. Overridable only
# to try this script on a shared server without touching the real ones
# (names: lower-case letters, digits and _; no quote in the password).
PG_ROLE=${STRESSQL_ENSURE_PG_ROLE:-stressql}
PG_DB=${STRESSQL_ENSURE_PG_DB:-stressql}
PG_PASSWORD=${STRESSQL_ENSURE_PG_PASSWORD:-stressql}
PG_URL_LOCAL="postgres://${PG_ROLE}:${PG_PASSWORD}@127.0.0.1:${PG_PORT}/${PG_DB}"
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
	PGCONNECT_TIMEOUT=5 psql "$1" -X -w -q -t -A -c 'select 1' </dev/null >/dev/null 2>&1
}

# pg_check_create URL: the role of URL may create schemas in its database
# (CREATE on the database). Changes nothing; when the privilege is missing
# it prints the GRANT to run and fails.
pg_check_create() {
	local out can role db
	out=$(PGCONNECT_TIMEOUT=5 psql "$1" -X -w -q -t -A -F ' ' </dev/null 2>/dev/null -c \
		"select has_database_privilege(current_user, current_database(), 'CREATE')::int, quote_ident(current_user), quote_ident(current_database())") || {
		fail "postgres: $(redact "$1"): could not read the role's privileges."
		return 1
	}
	read -r can role db <<<"$out"
	if [[ $can == 1 ]]; then
		return 0
	fi
	fail "postgres: role ${role} may not create schemas in database ${db} (CREATE privilege missing);"
	fail "          stressql creates one schema per scenario. As a superuser or the owner of ${db} run:"
	fail "          GRANT CREATE ON DATABASE ${db} TO ${role};"
	return 1
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

# pg_ensure_role_and_db makes role PG_ROLE and database PG_DB usable, over
# the local socket as the postgres OS user, and says what it changed: the
# role exists with LOGIN, CREATEDB and CREATEROLE; the database exists; the
# role has CREATE and CONNECT on it, whoever owns it. The password is set
# when the role is created; an existing role keeps its password as long as
# logging in with the documented one works. Only when that login fails
# (the default target, the tests and scripts/run.sh use it) is the password
# reset to the documented one, and the script says so.
pg_ensure_role_and_db() {
	local psql_pg=(as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres -t -A)
	local attrs missing=() privs owner
	if [[ ! $PG_ROLE =~ ^[a-z_][a-z0-9_]*$ || ! $PG_DB =~ ^[a-z_][a-z0-9_]*$ || $PG_PASSWORD == *"'"* ]]; then
		fail "postgres: role/database names must be lower-case letters, digits and _ (got ${PG_ROLE}/${PG_DB}), the password without a quote"
		return 1
	fi
	attrs=$("${psql_pg[@]}" -c "select rolcanlogin::int::text || rolcreatedb::int::text || rolcreaterole::int::text from pg_roles where rolname = '${PG_ROLE}'" </dev/null) || return 1
	if [[ -z $attrs ]]; then
		"${psql_pg[@]}" -c "create role ${PG_ROLE} login createdb createrole password '${PG_PASSWORD}'" </dev/null || return 1
		log "postgres: created role ${PG_ROLE} (LOGIN CREATEDB CREATEROLE, the documented password)"
	else
		[[ ${attrs:0:1} == 1 ]] || missing+=(login)
		[[ ${attrs:1:1} == 1 ]] || missing+=(createdb)
		[[ ${attrs:2:1} == 1 ]] || missing+=(createrole)
		if ((${#missing[@]})); then
			"${psql_pg[@]}" -c "alter role ${PG_ROLE} ${missing[*]}" </dev/null || return 1
			log "postgres: gave the existing role ${PG_ROLE} what it lacked: ${missing[*]^^} (its password is unchanged)"
		fi
	fi
	owner=$("${psql_pg[@]}" -c "select pg_get_userbyid(datdba) from pg_database where datname = '${PG_DB}'" </dev/null) || return 1
	if [[ -z $owner ]]; then
		"${psql_pg[@]}" -c "create database ${PG_DB} owner ${PG_ROLE}" </dev/null || return 1
		log "postgres: created database ${PG_DB} owned by ${PG_ROLE}"
	else
		privs=$("${psql_pg[@]}" -c "select has_database_privilege('${PG_ROLE}', '${PG_DB}', 'CREATE')::int::text || has_database_privilege('${PG_ROLE}', '${PG_DB}', 'CONNECT')::int::text" </dev/null) || return 1
		if [[ $privs != 11 ]]; then
			"${psql_pg[@]}" -c "grant create, connect on database ${PG_DB} to ${PG_ROLE}" </dev/null || return 1
			log "postgres: granted CREATE and CONNECT on database ${PG_DB} (owned by ${owner}) to role ${PG_ROLE}"
		fi
	fi
	if ! pg_url_ok "$PG_URL_LOCAL"; then
		"${psql_pg[@]}" -c "alter role ${PG_ROLE} password '${PG_PASSWORD}'" </dev/null || return 1
		log "postgres: logging in as ${PG_ROLE} with the documented password failed; reset the password of ${PG_ROLE} to the documented one"
	fi
}

ensure_postgres() {
	if [[ -n ${STRESSQL_POSTGRES_URL:-} ]]; then
		# Someone else's server: check, change nothing.
		local shown
		shown=$(redact "$STRESSQL_POSTGRES_URL")
		if ! pg_url_ok "$STRESSQL_POSTGRES_URL"; then
			fail "postgres: ${shown} (STRESSQL_POSTGRES_URL) does not answer 'select 1'."
			fail "          Start that server or fix the URL, or unset STRESSQL_POSTGRES_URL to use a local server."
			return 1
		fi
		pg_check_create "$STRESSQL_POSTGRES_URL" || {
			fail "          (STRESSQL_POSTGRES_URL names a server this script does not manage: it changes nothing there.)"
			return 1
		}
		log "postgres: answering at ${shown} (STRESSQL_POSTGRES_URL), and the role may create schemas"
		return 0
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
	if [[ $(id -u) == 0 ]] && id postgres >/dev/null 2>&1; then
		# Always, not only when logging in fails: an existing role may log in
		# and still lack an attribute or the CREATE privilege.
		if ! pg_ensure_role_and_db; then
			fail "postgres: could not set up role/database ${PG_ROLE}; as the postgres user run:"
			fail "          psql -c \"create role ${PG_ROLE} login createdb createrole password '${PG_PASSWORD}'\" -c 'create database ${PG_DB} owner ${PG_ROLE}'"
			fail "          (or, for existing ones: alter role ${PG_ROLE} login createdb createrole; grant create, connect on database ${PG_DB} to ${PG_ROLE})"
			return 1
		fi
	else
		log "postgres: not root: role and database ${PG_ROLE} are checked, not changed"
	fi
	if ! wait_for pg_url_ok "$PG_URL_LOCAL"; then
		fail "postgres: $(redact "$PG_URL_LOCAL") does not accept 'select 1'."
		fail "          Check pg_hba.conf allows scram-sha-256 on 127.0.0.1 and that role/database ${PG_ROLE} exist."
		return 1
	fi
	pg_check_create "$PG_URL_LOCAL" || return 1
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

# ensure_prometheus installs Debian's prometheus package for the tests of
# the metrics endpoint (package promexport: promtool check metrics, and a
# throwaway prometheus server the test starts itself). The package's own
# service is never started. Not a server stressql needs: a failure is
# reported but does not change the exit status.
ensure_prometheus() {
	if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
		log "prometheus: installed (for the metrics endpoint tests)"
		return 0
	fi
	if [[ $(id -u) != 0 ]]; then
		fail "prometheus: not installed (the promexport tests need it) and installing needs root; run: sudo apt-get install -y prometheus"
		return 1
	fi
	local policy=/usr/sbin/policy-rc.d created_policy=0 rc=0
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
	fi
	if ! apt-cache policy prometheus 2>/dev/null | grep -q 'Candidate: [0-9]'; then
		apt-get update -qq || rc=$?
	fi
	if ((rc == 0)); then
		log "prometheus: installing prometheus (promtool and the server binary; its service is not started)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null || rc=$?
	fi
	if ((created_policy)); then
		rm -f "$policy"
	fi
	if ((rc != 0)) || ! command -v promtool >/dev/null 2>&1; then
		fail "prometheus: installing failed; run: apt-get update && apt-get install -y prometheus"
		return 1
	fi
}

# ensure_pgbouncer installs Debian's pgbouncer package for the PgBouncer
# integration tests (internal/testenv StartPgBouncer starts a throwaway
# pgbouncer of its own on a free 127.0.0.1 port). The package's own service
# is never started. Not a server stressql needs: a failure is reported but
# does not change the exit status.
ensure_pgbouncer() {
	if command -v pgbouncer >/dev/null 2>&1 || [[ -x /usr/sbin/pgbouncer ]]; then
		log "pgbouncer: installed (for the PgBouncer tests)"
		return 0
	fi
	if [[ $(id -u) != 0 ]]; then
		fail "pgbouncer: not installed (the PgBouncer tests need it) and installing needs root; run: sudo apt-get install -y pgbouncer"
		return 1
	fi
	local policy=/usr/sbin/policy-rc.d created_policy=0 rc=0
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
	fi
	if ! apt-cache policy pgbouncer 2>/dev/null | grep -q 'Candidate: [0-9]'; then
		apt-get update -qq || rc=$?
	fi
	if ((rc == 0)); then
		log "pgbouncer: installing pgbouncer (the binary; its service is not started)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null || rc=$?
	fi
	if ((created_policy)); then
		rm -f "$policy"
	fi
	if ((rc != 0)) || ! { command -v pgbouncer >/dev/null 2>&1 || [[ -x /usr/sbin/pgbouncer ]]; }; then
		fail "pgbouncer: installing failed; run: apt-get update && apt-get install -y pgbouncer"
		return 1
	fi
}

# ensure_redis_sentinel installs Debian's redis-sentinel package for the
# Sentinel integration tests (internal/testenv.StartRedisSentinelSet starts
# its own sentinels on free loopback ports). The package's own service is
# never started. The tests need it under CI=true, so a failure changes the
# exit status.
ensure_redis_sentinel() {
	if command -v redis-sentinel >/dev/null 2>&1; then
		log "redis-sentinel: installed (for the Sentinel tests)"
		return 0
	fi
	if [[ $(id -u) != 0 ]]; then
		fail "redis-sentinel: not installed (the Sentinel tests need it) and installing needs root; run: sudo apt-get install -y redis-sentinel"
		return 1
	fi
	local policy=/usr/sbin/policy-rc.d created_policy=0 rc=0
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && created_policy=1
	fi
	if ! apt-cache policy redis-sentinel 2>/dev/null | grep -q 'Candidate: [0-9]'; then
		apt-get update -qq || rc=$?
	fi
	if ((rc == 0)); then
		log "redis-sentinel: installing redis-sentinel (its service is not started)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-sentinel >/dev/null || rc=$?
	fi
	if ((created_policy)); then
		rm -f "$policy"
	fi
	if ((rc != 0)) || ! command -v redis-sentinel >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive dpkg --configure -a >/dev/null 2>&1 || true
		if ! command -v redis-sentinel >/dev/null 2>&1; then
			fail "redis-sentinel: installing failed; run: apt-get update && apt-get install -y redis-sentinel"
			return 1
		fi
	fi
}

status=0
ensure_postgres || status=1
ensure_redis || status=1
ensure_prometheus || true
ensure_pgbouncer || true
ensure_redis_sentinel || status=1
exit "$status"
