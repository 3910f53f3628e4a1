package ephemeral

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/plan"
)

// Deployment is the throwaway servers of one topology (plan.Topology):
// PostgreSQL behind a PgBouncer, a Redis Sentinel set, a Redis Cluster.
// Each process is a Server of its own, in a temporary directory of its
// own, on a free 127.0.0.1 port.
type Deployment struct {
	Driver string
	// Kind is the topology's kind; Key its plan.Topology.Key.
	Kind, Key string
	// URL is the target of the deployment for its driver: the bouncer's
	// postgres:// URL, redis+sentinel://..., redis+cluster://...
	URL string
	// Servers are its processes in start order, each with a Role
	// ("postgres", "pgbouncer", "master", "replica", "sentinel", "node").
	Servers []*Server
	Roles   []string
	// Control is the server the restart fault acts on: PostgreSQL behind
	// the bouncer, the Sentinel set's first master, the first Cluster node.
	Control *Server
	// MasterName is the name the sentinels monitor (sentinel only).
	MasterName string
}

func (d *Deployment) add(role string, s *Server) {
	d.Servers = append(d.Servers, s)
	d.Roles = append(d.Roles, role)
}

// Addrs are the addresses of the servers of role.
func (d *Deployment) Addrs(role string) []string {
	var out []string
	for i, s := range d.Servers {
		if d.Roles[i] == role {
			out = append(out, s.Addr)
		}
	}
	return out
}

// Stop stops every server of the deployment (the last started first)
// and removes their directories. It is idempotent and accepts nil.
func (d *Deployment) Stop() error {
	if d == nil {
		return nil
	}
	var errs []error
	for i := len(d.Servers) - 1; i >= 0; i-- {
		errs = append(errs, d.Servers[i].Stop())
	}
	return errors.Join(errs...)
}

// StartTopology starts the deployment t asks for, for driver: for
// standalone (or nil) the single server Start would start. On an error
// what was started is stopped again.
func StartTopology(ctx context.Context, driver string, t *plan.Topology) (*Deployment, error) {
	kind := plan.TopologyStandalone
	if t != nil {
		kind = t.Kind
	}
	if !slices.Contains(plan.TopologyKinds[driver], kind) {
		return nil, fmt.Errorf("--ephemeral cannot start a %s topology for %s", kind, driver)
	}
	d := &Deployment{Driver: driver, Kind: kind, Key: t.Key()}
	var err error
	switch kind {
	case plan.TopologyStandalone:
		var s *Server
		if driver == "postgres" {
			s, err = StartPostgres(ctx, "")
		} else {
			s, err = StartRedis(ctx, "")
		}
		if err == nil {
			d.add(driver, s)
			d.URL, d.Control = s.URL, s
		}
	case plan.TopologyPgBouncer:
		err = d.startPgBouncer(ctx, t)
	case plan.TopologySentinel:
		err = d.startSentinel(ctx, t)
	case plan.TopologyCluster:
		err = d.startCluster(ctx, t)
	}
	if err != nil {
		d.Stop()
		return nil, err
	}
	return d, nil
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
	return "", fmt.Errorf("%w: pgbouncer (install pgbouncer, e.g. with scripts/ensure-servers.sh)", ErrMissing)
}

// PgBouncerConfig is a throwaway PgBouncer in front of a PostgreSQL
// server.
type PgBouncerConfig struct {
	// Server is the PostgreSQL URL the bouncer forwards to; its role and
	// password are the bouncer's only user (userlist), admin and stats
	// user, its database the URL's.
	Server string
	// PoolMode is session, transaction or statement; AuthType md5,
	// scram-sha-256 or plain (default md5).
	PoolMode, AuthType string
	// DefaultPoolSize (default 20) and MaxClientConn (default 1000).
	DefaultPoolSize, MaxClientConn int
	// Settings are extra [pgbouncer] lines, e.g. "max_prepared_statements = 100".
	Settings []string
}

// StartPgBouncer starts a pgbouncer for c on a free 127.0.0.1 port (as
// the postgres OS user when stressql runs as root: PgBouncer refuses
// root) in a temporary directory with its configuration and userlist.
// The Server's URL is the bouncer's (sslmode=disable); its admin console
// is database pgbouncer at the same address and credentials.
func StartPgBouncer(ctx context.Context, c PgBouncerConfig) (*Server, error) {
	bin, err := pgbouncerBin()
	if err != nil {
		return nil, err
	}
	switch c.PoolMode {
	case "session", "transaction", "statement":
	default:
		return nil, fmt.Errorf("pgbouncer: pool mode %q: want session, transaction or statement", c.PoolMode)
	}
	if c.AuthType == "" {
		c.AuthType = plan.DefaultBouncerAuth
	}
	if c.DefaultPoolSize == 0 {
		c.DefaultPoolSize = plan.DefaultBouncerPoolSize
	}
	if c.MaxClientConn == 0 {
		c.MaxClientConn = plan.DefaultMaxClientConn
	}
	server, err := url.Parse(c.Server)
	if err != nil {
		return nil, fmt.Errorf("pgbouncer: server URL: %w", err)
	}
	role := server.User.Username()
	password, _ := server.User.Password()
	host, port := server.Hostname(), server.Port()
	if port == "" {
		port = "5432"
	}
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	cred, uid, gid, err := postgresUser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "stressql-ephemeral-pgbouncer-")
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Server, error) {
		os.RemoveAll(dir)
		return nil, err
	}
	listen, err := freePort()
	if err != nil {
		return fail(err)
	}
	conf := []string{
		"[databases]",
		fmt.Sprintf("* = host=%s port=%s", host, port),
		"",
		"[pgbouncer]",
		"listen_addr = 127.0.0.1",
		"listen_port = " + strconv.Itoa(listen),
		"unix_socket_dir =",
		"auth_type = " + c.AuthType,
		"auth_file = " + filepath.Join(dir, "userlist.txt"),
		"pool_mode = " + c.PoolMode,
		"admin_users = " + role,
		"stats_users = " + role,
		"default_pool_size = " + strconv.Itoa(c.DefaultPoolSize),
		"max_client_conn = " + strconv.Itoa(c.MaxClientConn),
		// stressql puts its schema on search_path as a startup parameter,
		// which PgBouncer refuses unless told to ignore it.
		"ignore_startup_parameters = extra_float_digits,search_path",
		"server_tls_sslmode = disable",
		"client_tls_sslmode = disable",
		// After a failed server login (the server restarting) try again
		// within a second, not PgBouncer's default 15 s.
		"server_login_retry = 1",
		"logfile =",
		"pidfile =",
	}
	conf = append(conf, c.Settings...)
	files := map[string]string{
		"pgbouncer.ini": strings.Join(conf, "\n") + "\n",
		"userlist.txt":  fmt.Sprintf("%q %q\n", role, password),
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		return fail(fmt.Errorf("hand %s to the postgres user: %w", dir, err))
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			return fail(err)
		}
		if err := os.Chown(p, uid, gid); err != nil {
			return fail(err)
		}
	}
	u := *server
	u.Host = addr(listen)
	q := u.Query()
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	s := &Server{
		Driver: "postgres",
		URL:    u.String(),
		Addr:   addr(listen),
		Dir:    dir,
		argv:   []string{bin, filepath.Join(dir, "pgbouncer.ini")},
		cred:   cred,
		fast:   syscall.SIGTERM, // immediate shutdown (SIGINT waits for the clients)
		log:    filepath.Join(dir, "pgbouncer.log"),
	}
	s.ready = func(ctx context.Context) error { return pgPing(ctx, s.URL) }
	err = s.launch(ctx)
	if err != nil {
		return fail(err)
	}
	return s, nil
}

// startPgBouncer starts PostgreSQL and a PgBouncer in front of it.
func (d *Deployment) startPgBouncer(ctx context.Context, t *plan.Topology) error {
	pg, err := StartPostgres(ctx, "")
	if err != nil {
		return err
	}
	d.add("postgres", pg)
	d.Control = pg
	b, err := StartPgBouncer(ctx, PgBouncerConfig{Server: pg.URL, PoolMode: t.PoolMode, AuthType: t.AuthType,
		DefaultPoolSize: t.DefaultPoolSize, MaxClientConn: t.MaxClientConn})
	if err != nil {
		return err
	}
	d.add("pgbouncer", b)
	d.URL = b.URL
	return nil
}

// sentinelBin is redis-sentinel, else redis-server --sentinel (Debian's
// redis-sentinel is that binary).
func sentinelBin() (string, []string, error) {
	if p, err := exec.LookPath("redis-sentinel"); err == nil {
		return p, nil, nil
	}
	p, err := redisServerBin("")
	if err != nil {
		return "", nil, fmt.Errorf("%w: redis-sentinel (install redis-sentinel, e.g. with scripts/ensure-servers.sh)", ErrMissing)
	}
	return p, []string{"--sentinel"}, nil
}

// startSentinel starts a master, t.Replicas replicas and t.Sentinels
// sentinels (quorum: a majority; down-after 1 s), and waits until every
// sentinel knows the replicas and the other sentinels, so that a
// SENTINEL FAILOVER can succeed.
func (d *Deployment) startSentinel(ctx context.Context, t *plan.Topology) error {
	sbin, sargs, err := sentinelBin()
	if err != nil {
		return err
	}
	d.MasterName = t.MasterName
	master, err := startRedisServer(ctx, "", "redis-master", nil)
	if err != nil {
		return err
	}
	d.add("master", master)
	d.Control = master
	_, mport, _ := net.SplitHostPort(master.Addr)
	for range t.Replicas {
		r, err := startRedisServer(ctx, "", "redis-replica", func(string) []string {
			return []string{"--replicaof", "127.0.0.1", mport}
		})
		if err != nil {
			return err
		}
		d.add("replica", r)
	}
	quorum := t.Sentinels/2 + 1
	for range t.Sentinels {
		s, err := startSentinelProc(ctx, sbin, sargs, t.MasterName, mport, quorum)
		if err != nil {
			return err
		}
		d.add("sentinel", s)
	}
	sentinels := d.Addrs("sentinel")
	d.URL = "redis+sentinel://" + strings.Join(sentinels, ",") + "/" + t.MasterName + "/0"
	return waitUntil(ctx, "the sentinels to know the replicas and each other", func(ctx context.Context) bool {
		for _, a := range sentinels {
			c := goredis.NewSentinelClient(&goredis.Options{Addr: a, DialTimeout: 200 * time.Millisecond})
			reps, err1 := c.Replicas(ctx, t.MasterName).Result()
			sens, err2 := c.Sentinels(ctx, t.MasterName).Result()
			_ = c.Close()
			if err1 != nil || err2 != nil || len(sens) < t.Sentinels-1 || len(reps) < t.Replicas {
				return false
			}
			for _, r := range reps {
				if r["master-link-status"] != "ok" || strings.Contains(r["flags"], "down") ||
					strings.Contains(r["flags"], "disconnected") {
					return false
				}
			}
		}
		return true
	})
}

// startSentinelProc starts one sentinel monitoring the master on mport.
func startSentinelProc(ctx context.Context, bin string, args []string, name, mport string, quorum int) (*Server, error) {
	dir, err := os.MkdirTemp("", "stressql-ephemeral-sentinel-")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	conf := filepath.Join(dir, "sentinel.conf")
	text := fmt.Sprintf("port %d\nbind 127.0.0.1\ndaemonize no\nprotected-mode no\ndir %s\n"+
		"sentinel monitor %s 127.0.0.1 %s %d\n"+
		"sentinel down-after-milliseconds %s 1000\n"+
		"sentinel failover-timeout %s 10000\n"+
		"sentinel parallel-syncs %s 1\n", port, dir, name, mport, quorum, name, name, name)
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Server{
		Driver: "redis",
		URL:    "redis://" + addr(port),
		Addr:   addr(port),
		Dir:    dir,
		argv:   append([]string{bin, conf}, args...),
		fast:   syscall.SIGTERM,
		log:    filepath.Join(dir, "sentinel.log"),
	}
	s.ready = func(ctx context.Context) error { return redisPing(ctx, s.Addr) }
	err = s.launch(ctx)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

// startCluster starts t.Masters cluster-enabled redis-servers, joins them
// with redis-cli --cluster create (masters only, no replicas) and waits
// until every node says cluster_state:ok.
func (d *Deployment) startCluster(ctx context.Context, t *plan.Topology) error {
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		return fmt.Errorf("%w: redis-cli (install redis-tools, e.g. with scripts/ensure-servers.sh)", ErrMissing)
	}
	for range t.Masters {
		n, err := startRedisServer(ctx, "", "redis-node", func(dir string) []string {
			return []string{"--cluster-enabled", "yes", "--cluster-config-file", filepath.Join(dir, "nodes.conf"),
				"--cluster-node-timeout", "5000"}
		})
		if err != nil {
			return err
		}
		d.add("node", n)
	}
	d.Control = d.Servers[0]
	nodes := d.Addrs("node")
	cctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	args := append([]string{"--cluster", "create"}, nodes...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	cmd := exec.CommandContext(cctx, cli, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("redis-cli --cluster create: %v\n%s", err, out)
	}
	d.URL = "redis+cluster://" + nodes[0]
	for i, n := range nodes[1:] {
		sep := "&"
		if i == 0 {
			sep = "?"
		}
		d.URL += sep + "addr=" + n
	}
	return waitUntil(ctx, "the cluster to be ok on every node", func(ctx context.Context) bool {
		for _, a := range nodes {
			n := goredis.NewClient(&goredis.Options{Addr: a, DialTimeout: 200 * time.Millisecond, MaxRetries: -1})
			info, err := n.ClusterInfo(ctx).Result()
			_ = n.Close()
			if err != nil || !strings.Contains(info, "cluster_state:ok") {
				return false
			}
		}
		return true
	})
}

// waitUntil polls ok every 100 ms until it holds, ctx ends or
// StartTimeout passes.
func waitUntil(ctx context.Context, what string, ok func(context.Context) bool) error {
	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		done := ok(pctx)
		pcancel()
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		case <-t.C:
		}
	}
}
