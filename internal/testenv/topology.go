package testenv

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stressql/stressql/ephemeral"
	"github.com/stressql/stressql/plan"
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
	// Deployment is its processes (package ephemeral).
	Deployment *ephemeral.Deployment
}

// startTopology starts topology t for driver with package ephemeral and
// stops it when the test ends; a missing binary skips the test, except
// under CI=true.
func startTopology(t testing.TB, driver string, topo *plan.Topology) *ephemeral.Deployment {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*ephemeral.StartTimeout)
	defer cancel()
	d, err := ephemeral.StartTopology(ctx, driver, topo)
	if errors.Is(err, ephemeral.ErrMissing) {
		Missing(t, "%v", err)
	}
	if err != nil {
		t.Fatalf("start %s topology: %v", topo.Kind, err)
	}
	t.Cleanup(func() {
		if err := d.Stop(); err != nil {
			t.Errorf("stop %s topology: %v", topo.Kind, err)
		}
	})
	return d
}

// StartRedisSentinelSet starts one master, one replica and three
// sentinels (quorum 2, down-after 1 s), each a process of its own on a
// free 127.0.0.1 port in a temporary directory, waits until the
// sentinels know the replica and each other (so a SENTINEL FAILOVER can
// succeed), and stops them when the test ends: package ephemeral's
// sentinel topology, which `run --ephemeral` starts too. The sentinels
// are redis-sentinel, else redis-server --sentinel. A missing binary
// skips the test, except under CI=true.
func StartRedisSentinelSet(t testing.TB) *SentinelSet {
	t.Helper()
	d := startTopology(t, "redis", &plan.Topology{Kind: plan.TopologySentinel, Replicas: 1, Sentinels: 3,
		MasterName: "stressqlmaster"})
	return &SentinelSet{Name: d.MasterName, Master: d.Addrs("master")[0], Replica: d.Addrs("replica")[0],
		Sentinels: d.Addrs("sentinel"), URL: d.URL, Deployment: d}
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
	// Deployment is its processes (package ephemeral).
	Deployment *ephemeral.Deployment
}

// StartRedisCluster starts three redis-server processes with
// cluster-enabled yes on free 127.0.0.1 ports in temporary directories,
// joins them with redis-cli --cluster create (three masters, no
// replicas), waits until every node says cluster_state:ok, and stops
// them when the test ends: package ephemeral's cluster topology. A
// missing binary skips the test, except under CI=true.
func StartRedisCluster(t testing.TB) *Cluster {
	t.Helper()
	d := startTopology(t, "redis", &plan.Topology{Kind: plan.TopologyCluster, Masters: 3})
	return &Cluster{Masters: d.Addrs("node"), URL: d.URL, Deployment: d}
}
