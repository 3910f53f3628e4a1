// Package ephemeral starts throwaway servers for `stressql run
// --ephemeral` and the integration tests: a fresh PostgreSQL 15 cluster
// (initdb, then postgres, from /usr/lib/postgresql/15/bin) and a
// redis-server, each a child process of stressql in a temporary directory
// of its own, listening on a free 127.0.0.1 port only. Nothing is shared
// with the machine's own servers: another data directory, another port,
// no Unix socket.
//
// PostgreSQL refuses to run as root: when stressql runs as root, initdb
// and postgres run as the `postgres` OS user (it exists with the Debian
// package), and the temporary directory is handed to it. The cluster's
// superuser is role stressql with a password (scram-sha-256 over TCP), and
// database stressql exists; with Debian's snakeoil certificate readable it
// serves TLS, as the machine's cluster does (copies of the certificate and
// key in the temporary directory).
//
// A Server is tracked by its process: Down stops it (kill: SIGKILL to its
// process group, a crash; fast: PostgreSQL's fast shutdown, SIGINT, or
// SIGTERM to Redis, which saves nothing) and Up starts it again on the same
// port and data directory, so a Server is a drivers.ServerControl for the
// restart fault. Stop ends the process and removes the directory; the
// server processes also get SIGKILL if stressql itself dies (parent-death
// signal), though a directory is then left in the system's temporary
// directory as stressql-ephemeral-*.
//
// A Deployment is the servers of a scenario's topology block
// (plan.Topology): PostgreSQL with a PgBouncer in front (StartPgBouncer,
// a generated pgbouncer.ini and userlist for the throwaway role), a
// Sentinel set (master, replicas, sentinels, started and waited for until
// the sentinels know each other) or a Cluster (N masters joined with
// redis-cli --cluster create), each process a Server of its own. A Set
// starts each distinct topology once (Set.Deployment) and stops them all.
// internal/testenv starts its PgBouncer, Sentinel set and Cluster with
// the same functions.
package ephemeral
