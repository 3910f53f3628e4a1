package ephemeral

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/jackc/pgx/v5"
)

// DefaultPostgresBin is where Debian installs PostgreSQL 15's binaries.
const DefaultPostgresBin = "/usr/lib/postgresql/15/bin"

// Role, database and password of a throwaway PostgreSQL server (the
// cluster's superuser).
const (
	PostgresRole     = "stressql"
	PostgresDB       = "stressql"
	PostgresPassword = "stressql"
)

// postgresConf is appended to the cluster's postgresql.conf: TCP on
// 127.0.0.1 only, no Unix socket (the port and listen address are given
// on the command line), no fsync (a throwaway cluster: a killed server
// still recovers, only an OS crash could lose data; commits stay
// synchronous, so a killed server keeps what it committed), and
// max_connections 300 as scripts/ensure-servers.sh gives the machine's
// cluster.
const postgresConf = `
unix_socket_directories = ''
fsync = off
full_page_writes = off
max_connections = 300
shared_buffers = 32MB
logging_collector = off
`

// StartPostgres initializes a fresh PostgreSQL cluster in a temporary
// directory and starts it on a free 127.0.0.1 port. bin is the directory
// of initdb and postgres ("" for DefaultPostgresBin).
func StartPostgres(ctx context.Context, bin string) (*Server, error) {
	if bin == "" {
		bin = DefaultPostgresBin
	}
	for _, b := range []string{"initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(bin, b)); err != nil {
			return nil, fmt.Errorf("%w: %s (install postgresql-15)", ErrMissing, filepath.Join(bin, b))
		}
	}
	cred, uid, gid, err := postgresUser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "stressql-ephemeral-postgres-")
	if err != nil {
		return nil, err
	}
	s, err := setupPostgres(ctx, bin, dir, cred, uid, gid)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

func setupPostgres(ctx context.Context, bin, dir string, cred *syscall.Credential, uid, gid int) (*Server, error) {
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, fmt.Errorf("hand %s to the postgres user: %w", dir, err)
	}
	pwfile := filepath.Join(dir, "pwfile")
	if err := os.WriteFile(pwfile, []byte(PostgresPassword+"\n"), 0o600); err != nil {
		return nil, err
	}
	if err := os.Chown(pwfile, uid, gid); err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	initdb := exec.CommandContext(ctx, filepath.Join(bin, "initdb"), "-D", data, "-U", PostgresRole,
		"--pwfile="+pwfile, "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8",
		"--locale=C", "--no-sync", "--no-instructions")
	initdb.Dir = dir
	initdb.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	os.Remove(pwfile)
	f, err := os.OpenFile(filepath.Join(data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString(postgresConf + sslConf(dir, uid, gid))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	u := &url.URL{Scheme: "postgres", User: url.UserPassword(PostgresRole, PostgresPassword),
		Host: addr(port), Path: "/" + PostgresDB}
	admin := *u
	admin.Path = "/postgres"
	s := &Server{
		Driver: "postgres",
		URL:    u.String(),
		Addr:   addr(port),
		Dir:    dir,
		argv: []string{filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port),
			"-c", "listen_addresses=127.0.0.1"},
		cred: cred,
		fast: syscall.SIGINT,
		log:  filepath.Join(dir, "postgres.log"),
	}
	// Until database stressql exists, readiness is a login to postgres.
	s.ready = func(ctx context.Context) error { return pgPing(ctx, admin.String()) }
	err = s.launch(ctx)
	if err != nil {
		return nil, err
	}
	if err := pgExec(ctx, admin.String(), "CREATE DATABASE "+PostgresDB); err != nil {
		s.Stop()
		return nil, fmt.Errorf("create database %s: %w", PostgresDB, err)
	}
	s.ready = func(ctx context.Context) error { return pgPing(ctx, s.URL) }
	return s, nil
}

// Snakeoil certificate and key (Debian's ssl-cert package), which the
// machine's cluster serves TLS with.
const (
	snakeoilCert = "/etc/ssl/certs/ssl-cert-snakeoil.pem"
	snakeoilKey  = "/etc/ssl/private/ssl-cert-snakeoil.key"
)

// sslConf turns TLS on as the machine's Debian cluster has it (sslmode
// prefer/require scenarios then behave alike), with copies of the
// snakeoil certificate and key in dir owned by the server's user (so that
// the key's group need not be the user's); "" when they cannot be read.
func sslConf(dir string, uid, gid int) string {
	cert, err1 := os.ReadFile(snakeoilCert)
	key, err2 := os.ReadFile(snakeoilKey)
	if err1 != nil || err2 != nil {
		return ""
	}
	for name, b := range map[string][]byte{"server.crt": cert, "server.key": key} {
		p := filepath.Join(dir, name)
		if os.WriteFile(p, b, 0o600) != nil || os.Chown(p, uid, gid) != nil {
			return ""
		}
	}
	return fmt.Sprintf("ssl = on\nssl_cert_file = '%s'\nssl_key_file = '%s'\n",
		filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key"))
}

// postgresUser is who runs PostgreSQL: the postgres OS user when stressql
// runs as root (PostgreSQL refuses root), else stressql's own user (cred
// nil).
func postgresUser() (cred *syscall.Credential, uid, gid int, err error) {
	if os.Geteuid() != 0 {
		return nil, os.Geteuid(), os.Getegid(), nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, 0, 0, errors.New("running as root, PostgreSQL needs the postgres OS user (the Debian package creates it): " + err.Error())
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, uid, gid, nil
}

func pgPing(ctx context.Context, url string) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	return c.Close(ctx)
}

func pgExec(ctx context.Context, url, sql string) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}
