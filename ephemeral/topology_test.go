package ephemeral_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/ephemeral"
	"github.com/stressql/stressql/internal/testenv"
	"github.com/stressql/stressql/plan"
)

// gone fails unless every process of d has exited and every directory
// is removed.
func gone(t *testing.T, pids []int, dirs []string) {
	t.Helper()
	for _, pid := range pids {
		if alive(pid) {
			t.Errorf("process %d still running after Stop", pid)
		}
	}
	for _, dir := range dirs {
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("directory %s still there after Stop (%v)", dir, err)
		}
	}
}

func startTopology(t *testing.T, ctx context.Context, driver string, topo *plan.Topology) (*ephemeral.Deployment, []int, []string) {
	t.Helper()
	set := &ephemeral.Set{}
	d, err := set.Deployment(ctx, driver, topo)
	if errors.Is(err, ephemeral.ErrMissing) {
		testenv.Missing(t, "%v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { set.Stop() })
	var pids []int
	var dirs []string
	for _, s := range d.Servers {
		if s.PID() == 0 {
			t.Fatalf("%s on %s has no process", s.Driver, s.Addr)
		}
		if !strings.HasPrefix(s.Addr, "127.0.0.1:") {
			t.Errorf("server on %s, want 127.0.0.1 only", s.Addr)
		}
		pids = append(pids, s.PID())
		dirs = append(dirs, s.Dir)
	}
	if again, err := set.Deployment(ctx, driver, topo); err != nil || again != d {
		t.Errorf("asking the set again for the same topology started another deployment (%v)", err)
	}
	t.Cleanup(func() {
		if err := set.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
		gone(t, pids, dirs)
	})
	return d, pids, dirs
}

// A pgbouncer topology is a fresh PostgreSQL with a PgBouncer in front in
// the pool mode asked for; the throwaway role logs in through it and
// its admin console.
func TestPgBouncerTopology(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	topo := &plan.Topology{Kind: "pgbouncer", PoolMode: "transaction", DefaultPoolSize: 3, MaxClientConn: 50, AuthType: "md5"}
	d, _, _ := startTopology(t, ctx, "postgres", topo)
	if len(d.Servers) != 2 || d.Roles[1] != "pgbouncer" || d.Control != d.Servers[0] {
		t.Fatalf("servers %v, control %v", d.Roles, d.Control)
	}
	c, err := pgx.Connect(ctx, d.URL)
	if err != nil {
		t.Fatalf("login through the bouncer %s: %v", d.URL, err)
	}
	var port int
	if err := c.QueryRow(ctx, "SELECT inet_server_port()", pgx.QueryExecModeSimpleProtocol).Scan(&port); err != nil {
		t.Fatal(err)
	}
	c.Close(ctx)
	if want := d.Servers[0].Addr; !strings.HasSuffix(want, ":"+strconv.Itoa(port)) {
		t.Errorf("the bouncer's server is on port %d, want the throwaway PostgreSQL's %s", port, want)
	}
	admin := strings.Replace(d.URL, "/stressql?", "/pgbouncer?", 1)
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	ac, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("admin console: %v", err)
	}
	defer ac.Close(ctx)
	rows, err := ac.Query(ctx, "SHOW CONFIG")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprint(vals[0])] = fmt.Sprint(vals[1])
	}
	if got["pool_mode"] != "transaction" || got["default_pool_size"] != "3" || got["max_client_conn"] != "50" {
		t.Errorf("bouncer config pool_mode=%q default_pool_size=%q max_client_conn=%q", got["pool_mode"], got["default_pool_size"], got["max_client_conn"])
	}
}

// A sentinel topology is a master, its replicas and sentinels that
// monitor it under the name asked for; its URL opens a failover client.
func TestSentinelTopology(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	topo := &plan.Topology{Kind: "sentinel", Replicas: 1, Sentinels: 3, MasterName: "topotest"}
	d, _, _ := startTopology(t, ctx, "redis", topo)
	if n := len(d.Addrs("sentinel")); n != 3 {
		t.Fatalf("%d sentinels, want 3", n)
	}
	if n := len(d.Addrs("replica")); n != 1 {
		t.Fatalf("%d replicas, want 1", n)
	}
	if !strings.HasPrefix(d.URL, "redis+sentinel://") || !strings.Contains(d.URL, "/topotest/") {
		t.Errorf("URL %s", d.URL)
	}
	sc := goredis.NewSentinelClient(&goredis.Options{Addr: d.Addrs("sentinel")[2]})
	defer sc.Close()
	hp, err := sc.GetMasterAddrByName(ctx, "topotest").Result()
	if err != nil || len(hp) != 2 || "127.0.0.1:"+hp[1] != d.Control.Addr {
		t.Fatalf("master by name = %v, %v; want %s", hp, err, d.Control.Addr)
	}
	fc := goredis.NewFailoverClient(&goredis.FailoverOptions{MasterName: "topotest", SentinelAddrs: d.Addrs("sentinel")})
	defer fc.Close()
	if err := fc.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatalf("SET through the failover client: %v", err)
	}
}

// A cluster topology is N masters sharing the slots.
func TestClusterTopology(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	d, _, _ := startTopology(t, ctx, "redis", &plan.Topology{Kind: "cluster", Masters: 4})
	nodes := d.Addrs("node")
	if len(nodes) != 4 || !strings.HasPrefix(d.URL, "redis+cluster://"+nodes[0]+"?addr=") {
		t.Fatalf("nodes %v, URL %s", nodes, d.URL)
	}
	cc := goredis.NewClusterClient(&goredis.ClusterOptions{Addrs: nodes})
	defer cc.Close()
	masters := map[string]bool{}
	for i := range 40 {
		key := "k" + strconv.Itoa(i)
		if err := cc.Set(ctx, key, "v", 0).Err(); err != nil {
			t.Fatal(err)
		}
		slot, _ := cc.ClusterKeySlot(ctx, key).Result()
		slots, _ := cc.ClusterSlots(ctx).Result()
		for _, s := range slots {
			if int64(s.Start) <= slot && slot <= int64(s.End) {
				masters[s.Nodes[0].Addr] = true
			}
		}
	}
	if len(masters) != 4 {
		t.Errorf("40 keys landed on %d masters, want all 4: %v", len(masters), masters)
	}
}

// An interrupt while a topology starts stops what was started: no
// process, no directory is left.
func TestTopologyStartInterrupted(t *testing.T) {
	before := tempDirs(t)
	ctx, cancel := context.WithCancel(context.Background())
	// The sentinels need seconds to find each other: cancel meanwhile.
	go func() { time.Sleep(700 * time.Millisecond); cancel() }()
	set := &ephemeral.Set{}
	_, err := set.Deployment(ctx, "redis", &plan.Topology{Kind: "sentinel", Replicas: 1, Sentinels: 3, MasterName: "x"})
	if errors.Is(err, ephemeral.ErrMissing) {
		testenv.Missing(t, "%v", err)
	}
	if err == nil {
		set.Stop()
		t.Fatal("the start was not interrupted")
	}
	if len(set.Deployments) != 0 {
		t.Errorf("a failed start left deployments in the set: %v", set.Deployments)
	}
	for d := range tempDirs(t) {
		if !before[d] {
			t.Errorf("interrupted start left %s", d)
		}
	}
}

func tempDirs(t *testing.T) map[string]bool {
	t.Helper()
	ents, err := os.ReadDir(os.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "stressql-ephemeral-") {
			out[e.Name()] = true
		}
	}
	return out
}
