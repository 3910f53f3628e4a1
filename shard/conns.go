package shard

import (
	"fmt"
	"io"

	"github.com/stressql/stressql/plan"
)

// DefaultServerConns is what a server allows when the plan cannot know:
// PostgreSQL's default max_connections (100) and Redis's default
// maxclients (10000). The real limit is known only at run time.
var DefaultServerConns = map[string]int64{"postgres": 100, "redis": 10000}

// Conns is one scenario's connections in a sharded run.
type Conns struct {
	Scenario, Driver string
	// PerShard is the most connections one shard's pool opens (the
	// largest max_conns of its phases; 0 when unknown: a disabled pool).
	PerShard int64
	Total    int64 // PerShard × the shard count
	Limit    int64 // the server's limit it is compared with (0: unknown)
}

// Connections lists each scenario's connection counts over n shards;
// limit, when not 0, is the server's limit for every driver (else
// DefaultServerConns).
func Connections(p *plan.Plan, n int, limit int64) []Conns {
	var out []Conns
	for _, sc := range p.Scenarios {
		c := Conns{Scenario: sc.Name, Driver: sc.Driver, Limit: limit}
		if c.Limit == 0 {
			c.Limit = DefaultServerConns[sc.Driver]
		}
		for _, ph := range sc.Phases {
			if m, ok := ph.Pool.MaxConns(); ok {
				c.PerShard = max(c.PerShard, m)
			}
		}
		c.Total = c.PerShard * int64(n)
		out = append(out, c)
	}
	return out
}

// WriteConnections prints the table of Connections and a warning for
// each scenario whose total exceeds its server's limit; it returns how
// many it warned about.
func WriteConnections(w io.Writer, cs []Conns, n int, limitGiven bool) (warned int, err error) {
	pr := func(format string, args ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, args...)
		}
	}
	pr("\nsharding over %d shards: pools are per process, so the server sees every shard's\n", n)
	pr("%-40s %-9s %9s %9s %9s\n", "scenario", "driver", "per shard", "total", "limit")
	for _, c := range cs {
		per, total := fmt.Sprint(c.PerShard), fmt.Sprint(c.Total)
		if c.PerShard == 0 {
			per, total = "-", "-"
		}
		pr("%-40s %-9s %9s %9s %9d\n", c.Scenario, c.Driver, per, total, c.Limit)
	}
	for _, c := range cs {
		if c.Limit > 0 && c.Total > c.Limit {
			warned++
			pr("warning: scenario %q opens up to %d connections over %d shards (%d each), more than the %s server allows (%d)\n",
				c.Scenario, c.Total, n, c.PerShard, c.Driver, c.Limit)
		}
	}
	if !limitGiven {
		pr("(limits are the servers' defaults: PostgreSQL max_connections 100, Redis maxclients 10000; the real ones\n are known only at run time: give --max-server-conns N to compare with yours)\n")
	}
	return warned, err
}
