package testenv

import (
	"bufio"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// PgBouncerOptions are the settings of a throwaway PgBouncer beyond its
// pool mode.
type PgBouncerOptions struct {
	// AuthType is md5 or scram-sha-256 (default md5).
	AuthType string
	// PoolSize is default_pool_size: the server connections per
	// database/user pair (default 4).
	PoolSize int
	// MaxClientConn is max_client_conn (default 200).
	MaxClientConn int
	// Settings are extra [pgbouncer] lines, e.g. "max_prepared_statements = 100".
	Settings []string
}

// pgbouncerBin finds the pgbouncer binary: Debian installs it in
// /usr/sbin, which a non-root PATH may lack.
func pgbouncerBin() (string, error) {
	if p, err := exec.LookPath("pgbouncer"); err == nil {
		return p, nil
	}
	if st, err := os.Stat("/usr/sbin/pgbouncer"); err == nil && !st.IsDir() {
		return "/usr/sbin/pgbouncer", nil
	}
	return "", exec.ErrNotFound
}

// StartPgBouncer starts a throwaway pgbouncer in front of the PostgreSQL
// test server on a free 127.0.0.1 port, with pool_mode mode (session,
// transaction or statement), a temporary configuration and userlist that
// let the test role in with its password (auth_type md5 unless o says
// scram-sha-256) and make it an admin user, and stops it (by its PID)
// when the test ends. It returns the bouncer's URL (same role, password
// and database as the test server's); its admin console is database
// `pgbouncer` at the same address (PgBouncerAdminURL). A missing
// pgbouncer binary skips the test, except under CI=true.
func StartPgBouncer(t testing.TB, mode string, opts ...PgBouncerOptions) string {
	t.Helper()
	var o PgBouncerOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.AuthType == "" {
		o.AuthType = "md5"
	}
	if o.PoolSize == 0 {
		o.PoolSize = 4
	}
	if o.MaxClientConn == 0 {
		o.MaxClientConn = 200
	}
	switch mode {
	case "session", "transaction", "statement":
	default:
		t.Fatalf("StartPgBouncer: pool mode %q: want session, transaction or statement", mode)
	}
	bin, err := pgbouncerBin()
	if err != nil {
		Missing(t, "pgbouncer is not installed (scripts/ensure-servers.sh installs it)")
	}
	server, err := url.Parse(URL(t, "postgres"))
	if err != nil {
		t.Fatalf("%s: %v", EnvVar("postgres"), err)
	}
	role := server.User.Username()
	password, _ := server.User.Password()
	db := strings.TrimPrefix(server.Path, "/")
	host, port := server.Hostname(), server.Port()
	if port == "" {
		port = "5432"
	}
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}

	dir, err := os.MkdirTemp("", "stressql-pgbouncer-")
	if err != nil {
		t.Fatalf("StartPgBouncer: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	listen := freePort(t)
	conf := []string{
		"[databases]",
		fmt.Sprintf("* = host=%s port=%s", host, port),
		"",
		"[pgbouncer]",
		"listen_addr = 127.0.0.1",
		"listen_port = " + strconv.Itoa(listen),
		"unix_socket_dir =",
		"auth_type = " + o.AuthType,
		"auth_file = " + filepath.Join(dir, "userlist.txt"),
		"pool_mode = " + mode,
		"admin_users = " + role,
		"stats_users = " + role,
		"default_pool_size = " + strconv.Itoa(o.PoolSize),
		"max_client_conn = " + strconv.Itoa(o.MaxClientConn),
		// stressql puts its schema on search_path as a startup parameter,
		// which PgBouncer refuses unless told to ignore it.
		"ignore_startup_parameters = extra_float_digits,search_path",
		"server_tls_sslmode = disable",
		"client_tls_sslmode = disable",
		"logfile =",
		"pidfile =",
	}
	conf = append(conf, o.Settings...)
	userlist := fmt.Sprintf("%q %q\n", role, password)
	if err := os.WriteFile(filepath.Join(dir, "pgbouncer.ini"), []byte(strings.Join(conf, "\n")+"\n"), 0o644); err != nil {
		t.Fatalf("StartPgBouncer: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "userlist.txt"), []byte(userlist), 0o644); err != nil {
		t.Fatalf("StartPgBouncer: %v", err)
	}

	args := []string{filepath.Join(dir, "pgbouncer.ini")}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if os.Geteuid() == 0 {
		// PgBouncer refuses to run as root: run it as an unprivileged
		// user that can read the configuration (mode 0755/0644).
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatalf("StartPgBouncer: %v", err)
		}
		cred, err := unprivileged()
		if err != nil {
			t.Fatalf("StartPgBouncer: running as root and %v", err)
		}
		cmd.SysProcAttr.Credential = cred
	}
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatalf("StartPgBouncer: %v", err)
	}
	logged := make(chan string, 1)
	go func() { // drain the log so pgbouncer never blocks on it; keep the last lines
		var last []string
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			last = append(last, s.Text())
			if len(last) > 20 {
				last = last[1:]
			}
		}
		logged <- strings.Join(last, "\n")
	}()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT) // "safe shutdown": wait for clients to finish
		select {
		case <-exited:
		case <-time.After(3 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(listen))
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			t.Fatalf("StartPgBouncer: pgbouncer exited at start:\n%s", <-logged)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("StartPgBouncer: pgbouncer on %s does not accept connections after 10s", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	u := *server
	u.Host = addr
	u.Path = "/" + db
	q := u.Query()
	q.Del("sslmode")
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	return u.String()
}

// PgBouncerAdminURL is the URL of the admin console of the bouncer at
// bouncerURL: database `pgbouncer`, same role and password.
func PgBouncerAdminURL(t testing.TB, bouncerURL string) string {
	t.Helper()
	u, err := url.Parse(bouncerURL)
	if err != nil {
		t.Fatalf("PgBouncerAdminURL: %v", err)
	}
	u.Path = "/pgbouncer"
	return u.String()
}

// unprivileged is the credential of an ordinary system user to run a
// server as when the tests run as root.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, fmt.Errorf("no unprivileged user (postgres, nobody) to run pgbouncer as")
}
