package interp

import (
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/dsl"
)

// compilePool builds the pool of a phase: the defaults, overridden by the
// scenario's pool block, overridden by the phase's own (own may be nil).
func compilePool(sc *dsl.Scenario, own *dsl.Pool) (*Pool, hcl.Diagnostics) {
	var layers []*dsl.Pool
	src := sc.Range
	for _, l := range []*dsl.Pool{sc.Pool, own} {
		if l != nil {
			layers = append(layers, l)
			src = l.Range
		}
	}
	// where is the subject of a contradiction between attributes: the one
	// set in the most specific layer (the first of them on a tie), else
	// the pool block.
	where := func(gets ...func(*dsl.Pool) dsl.Attr[int64]) hcl.Range {
		for i := len(layers) - 1; i >= 0; i-- {
			for _, get := range gets {
				if a := get(layers[i]); a.Set {
					return a.Range
				}
			}
		}
		return src
	}
	minConns := func(p *dsl.Pool) dsl.Attr[int64] { return p.MinConns }
	maxConns := func(p *dsl.Pool) dsl.Attr[int64] { return p.MaxConns }
	minIdle := func(p *dsl.Pool) dsl.Attr[int64] { return p.MinIdleConns }
	maxIdle := func(p *dsl.Pool) dsl.Attr[int64] { return p.MaxIdleConns }
	poolSize := func(p *dsl.Pool) dsl.Attr[int64] { return p.PoolSize }
	p := &Pool{Source: SourceOf(src)}
	var diags hcl.Diagnostics
	switch sc.Driver.Val {
	case dsl.DriverPostgres:
		c := postgres.DefaultConfig()
		for _, l := range layers {
			applyPostgres(&c, l)
		}
		if c.Enabled && c.MinConns > c.MaxConns {
			diags = append(diags, contradiction(where(minConns, maxConns), src,
				"min_conns (%d) is above max_conns (%d): the pool cannot keep more connections open than it may have. Lower min_conns or raise max_conns.",
				c.MinConns, c.MaxConns))
		}
		p.Postgres = &c
	case dsl.DriverRedis:
		c := redis.DefaultConfig()
		for _, l := range layers {
			applyRedis(&c, l)
		}
		if c.Enabled && c.MinIdleConns > c.PoolSize {
			diags = append(diags, contradiction(where(minIdle, poolSize), src,
				"min_idle_conns (%d) is above pool_size (%d): the pool cannot keep more idle connections than it may have. Lower min_idle_conns or raise pool_size.",
				c.MinIdleConns, c.PoolSize))
		}
		if c.Enabled && c.MaxIdleConns > 0 && c.MaxIdleConns < c.MinIdleConns {
			diags = append(diags, contradiction(where(maxIdle, minIdle), src,
				"max_idle_conns (%d) is below min_idle_conns (%d): the pool would close the idle connections it must keep. Raise max_idle_conns (0 = no limit) or lower min_idle_conns.",
				c.MaxIdleConns, c.MinIdleConns))
		}
		p.Redis = &c
	}
	return p, diags
}

// contradiction is an error about pool settings that cannot hold together.
func contradiction(subject, context hcl.Range, detail string, args ...any) *hcl.Diagnostic {
	return errorAt(subject, context, "Contradictory pool settings", detail, args...)
}

func applyPostgres(c *postgres.Config, p *dsl.Pool) {
	setBool(&c.Enabled, p.Enabled)
	setInt32(&c.MinConns, p.MinConns)
	setInt32(&c.MaxConns, p.MaxConns)
	setDur(&c.AcquireTimeout, p.AcquireTimeout)
	setDur(&c.MaxConnLifetime, p.MaxConnLifetime)
	setDur(&c.MaxConnLifetimeJitter, p.MaxConnLifetimeJitter)
	setDur(&c.MaxConnIdleTime, p.MaxConnIdleTime)
	setDur(&c.HealthCheckPeriod, p.HealthCheckPeriod)
	setDur(&c.ConnectTimeout, p.ConnectTimeout)
	if p.TLS.Set {
		c.TLS = p.TLS.Val
	}
	setBool(&c.PingOnAcquire, p.PingOnAcquire)
}

func applyRedis(c *redis.Config, p *dsl.Pool) {
	setBool(&c.Enabled, p.Enabled)
	setInt(&c.PoolSize, p.PoolSize)
	setInt(&c.MinIdleConns, p.MinIdleConns)
	setInt(&c.MaxIdleConns, p.MaxIdleConns)
	setInt(&c.MaxActiveConns, p.MaxActiveConns)
	setDur(&c.PoolTimeout, p.PoolTimeout)
	setDur(&c.DialTimeout, p.DialTimeout)
	setDur(&c.ReadTimeout, p.ReadTimeout)
	setDur(&c.WriteTimeout, p.WriteTimeout)
	setDur(&c.ConnMaxIdleTime, p.ConnMaxIdleTime)
	setDur(&c.ConnMaxLifetime, p.ConnMaxLifetime)
	setBool(&c.PoolFIFO, p.PoolFIFO)
	setInt(&c.DB, p.DB)
}

func setBool(dst *bool, a dsl.Attr[bool]) {
	if a.Set {
		*dst = a.Val
	}
}

func setDur(dst *time.Duration, a dsl.Attr[time.Duration]) {
	if a.Set {
		*dst = a.Val
	}
}

// setInt32 and setInt take counts dsl bounded to 0..10000.
func setInt32(dst *int32, a dsl.Attr[int64]) {
	if a.Set {
		*dst = int32(a.Val)
	}
}

func setInt(dst *int, a dsl.Attr[int64]) {
	if a.Set {
		*dst = int(a.Val)
	}
}
