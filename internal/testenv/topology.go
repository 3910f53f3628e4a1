package testenv

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// SentinelSet is a throwaway Redis Sentinel deployment (see
// StartRedisSentinelSet).
type SentinelSet struct {
	// Name is the master name the sentinels monitor.
	Name string
	// Master and Replica are the data servers' addresses at the start
	// (a failover swaps their roles).
	Master, Replica string
	// Sentinels are the three sentinels' addresses.
	Sentinels []string
	// URL is the stressql target of the set:
	// redis+sentinel://S1,S2,S3/NAME/0.
	URL string
}

// StartRedisSentinelSet starts one master, one replica and three
// sentinels (quorum 2, down-after 1 s), each a process of its own on a
// free 127.0.0.1 port in a temporary directory, waits until the
// sentinels know the replica and each other (so a SENTINEL FAILOVER can
// succeed), and kills them by PID when the test ends. The sentinels are
// redis-sentinel; outside CI, without it, redis-server --sentinel (Debian's
// redis-sentinel is that binary). A missing binary skips the test, except
// under CI=true, where it fails (redis-sentinel included).
func StartRedisSentinelSet(t testing.TB) *SentinelSet {
	t.Helper()
	server := lookBin(t, "redis-server")
	sentinel, sentinelArgs := server, []string{"--sentinel"}
	if p, err := exec.LookPath("redis-sentinel"); err == nil {
		sentinel, sentinelArgs = p, nil
	} else if InCI() {
		Missing(t, "redis-sentinel is not installed (scripts/ensure-servers.sh installs it)")
	}
	s := &SentinelSet{Name: "stressqlmaster"}
	mport, rport := freePort(t), freePort(t)
	s.Master = addrOf(mport)
	s.Replica = addrOf(rport)
	startRedisProc(t, server, t.TempDir(), redisArgs(mport)...)
	startRedisProc(t, server, t.TempDir(), append(redisArgs(rport), "--replicaof", "127.0.0.1", strconv.Itoa(mport))...)
	for range 3 {
		port := freePort(t)
		dir := t.TempDir()
		conf := filepath.Join(dir, "sentinel.conf")
		text := fmt.Sprintf("port %d\nbind 127.0.0.1\ndaemonize no\ndir %s\n"+
			"sentinel monitor %s 127.0.0.1 %d 2\n"+
			"sentinel down-after-milliseconds %s 1000\n"+
			"sentinel failover-timeout %s 10000\n"+
			"sentinel parallel-syncs %s 1\n", port, dir, s.Name, mport, s.Name, s.Name, s.Name)
		if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
			t.Fatalf("StartRedisSentinelSet: %v", err)
		}
		startRedisProc(t, sentinel, dir, append([]string{conf}, sentinelArgs...)...)
		s.Sentinels = append(s.Sentinels, addrOf(port))
	}
	s.URL = "redis+sentinel://" + strings.Join(s.Sentinels, ",") + "/" + s.Name + "/0"
	ctx := context.Background()
	WaitFor(t, "the sentinels to know the replica and each other", 30*time.Second, func() bool {
		for _, a := range s.Sentinels {
			c := goredis.NewSentinelClient(&goredis.Options{Addr: a, DialTimeout: 200 * time.Millisecond})
			reps, err1 := c.Replicas(ctx, s.Name).Result()
			sens, err2 := c.Sentinels(ctx, s.Name).Result()
			_ = c.Close()
			if err1 != nil || err2 != nil || len(sens) < 2 || len(reps) < 1 {
				return false
			}
			if reps[0]["master-link-status"] != "ok" || strings.Contains(reps[0]["flags"], "down") ||
				strings.Contains(reps[0]["flags"], "disconnected") {
				return false
			}
		}
		return true
	})
	return s
}

// SentinelMaster asks a sentinel of s for the current master's address.
func (s *SentinelSet) SentinelMaster(t testing.TB) string {
	t.Helper()
	c := goredis.NewSentinelClient(&goredis.Options{Addr: s.Sentinels[0]})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hp, err := c.GetMasterAddrByName(ctx, s.Name).Result()
	if err != nil || len(hp) != 2 {
		t.Fatalf("SENTINEL GET-MASTER-ADDR-BY-NAME %s: %v %v", s.Name, hp, err)
	}
	return net.JoinHostPort(hp[0], hp[1])
}

// Cluster is a throwaway Redis Cluster (see StartRedisCluster).
type Cluster struct {
	// Masters are the nodes' addresses (every node is a master).
	Masters []string
	// URL is the stressql target: redis+cluster://M1?addr=M2&addr=M3.
	URL string
}

// StartRedisCluster starts three redis-server processes with
// cluster-enabled yes on free 127.0.0.1 ports in temporary directories,
// joins them with redis-cli --cluster create (three masters, no
// replicas), waits until every node says cluster_state:ok, and kills
// them by PID when the test ends. A missing binary skips the test,
// except under CI=true.
func StartRedisCluster(t testing.TB) *Cluster {
	t.Helper()
	server := lookBin(t, "redis-server")
	cli := lookBin(t, "redis-cli")
	c := &Cluster{}
	for range 3 {
		port := freePort(t)
		dir := t.TempDir()
		startRedisProc(t, server, dir, append(redisArgs(port), "--cluster-enabled", "yes",
			"--cluster-config-file", filepath.Join(dir, "nodes.conf"), "--cluster-node-timeout", "5000")...)
		c.Masters = append(c.Masters, addrOf(port))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := append([]string{"--cluster", "create"}, c.Masters...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.CommandContext(ctx, cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("StartRedisCluster: redis-cli --cluster create: %v\n%s", err, out)
	}
	WaitFor(t, "the cluster to be ok on every node", 30*time.Second, func() bool {
		for _, a := range c.Masters {
			n := goredis.NewClient(&goredis.Options{Addr: a, DialTimeout: 200 * time.Millisecond})
			info, err := n.ClusterInfo(ctx).Result()
			_ = n.Close()
			if err != nil || !strings.Contains(info, "cluster_state:ok") {
				return false
			}
		}
		return true
	})
	c.URL = "redis+cluster://" + c.Masters[0] + "?addr=" + c.Masters[1] + "&addr=" + c.Masters[2]
	return c
}

func addrOf(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

// redisArgs are a throwaway data server's arguments: loopback only, no
// persistence.
func redisArgs(port int) []string {
	return []string{"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no",
		"--daemonize", "no", "--protected-mode", "yes"}
}

func lookBin(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed (scripts/ensure-servers.sh installs it)", name)
	}
	return p
}

// startRedisProc runs bin with args in dir (a redis-server, sentinel or
// cluster node), waits until the port of its --port or config answers,
// and kills it by PID when the test ends.
func startRedisProc(t testing.TB, bin, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() { // drain the log so the server never blocks on it
		s := bufio.NewScanner(stdout)
		for s.Scan() {
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	port := portOf(t, dir, args)
	addr := addrOf(port)
	WaitFor(t, bin+" on "+addr+" to answer", 10*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			return false
		}
		c.Close()
		return true
	})
}

// portOf finds the port a server started with args listens on: its
// --port argument, else the "port" line of its config file (args[0]).
func portOf(t testing.TB, dir string, args []string) int {
	t.Helper()
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--port" {
			p, _ := strconv.Atoi(args[i+1])
			return p
		}
	}
	b, err := os.ReadFile(args[0])
	if err != nil {
		t.Fatalf("reading %s in %s: %v", args[0], dir, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "port "); ok {
			p, _ := strconv.Atoi(v)
			return p
		}
	}
	t.Fatalf("no port in %s", args[0])
	return 0
}
