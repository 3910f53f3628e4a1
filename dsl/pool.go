package dsl

import (
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Drivers.
const (
	DriverPostgres = "postgres"
	DriverRedis    = "redis"
)

// Drivers lists the drivers a scenario may name.
var Drivers = []string{DriverPostgres, DriverRedis}

// Pool is a pool block. Only the attributes of the scenario's driver are
// ever set; unset ones take the scenario pool's value, then the default.
type Pool struct {
	Enabled Attr[bool]

	// postgres (pgxpool)
	MinConns              Attr[int64]
	MaxConns              Attr[int64]
	AcquireTimeout        Attr[time.Duration]
	MaxConnLifetime       Attr[time.Duration]
	MaxConnLifetimeJitter Attr[time.Duration]
	MaxConnIdleTime       Attr[time.Duration]
	HealthCheckPeriod     Attr[time.Duration]
	ConnectTimeout        Attr[time.Duration]
	TLS                   Attr[string]
	PingOnAcquire         Attr[bool]

	// redis (go-redis)
	PoolSize        Attr[int64]
	MinIdleConns    Attr[int64]
	MaxIdleConns    Attr[int64]
	MaxActiveConns  Attr[int64]
	PoolTimeout     Attr[time.Duration]
	DialTimeout     Attr[time.Duration]
	ReadTimeout     Attr[time.Duration]
	WriteTimeout    Attr[time.Duration]
	ConnMaxIdleTime Attr[time.Duration]
	ConnMaxLifetime Attr[time.Duration]
	PoolFIFO        Attr[bool]
	DB              Attr[int64]

	Range hcl.Range // the block header
}

// MaxPoolSize bounds max_conns, pool_size and the other connection counts.
const MaxPoolSize = 10000

// TLSModes are the values of a postgres pool's tls.
var TLSModes = []string{"disable", "prefer", "require"}

var (
	postgresPoolAttrs = []string{"min_conns", "max_conns", "acquire_timeout", "max_conn_lifetime",
		"max_conn_lifetime_jitter", "max_conn_idle_time", "health_check_period", "connect_timeout",
		"tls", "ping_on_acquire"}
	redisPoolAttrs = []string{"pool_size", "min_idle_conns", "max_idle_conns", "max_active_conns",
		"pool_timeout", "dial_timeout", "read_timeout", "write_timeout", "conn_max_idle_time",
		"conn_max_lifetime", "pool_fifo", "db"}
	// poolEquivalents maps a setting to its counterpart in the other driver.
	poolEquivalents = map[string]string{
		"min_conns": "min_idle_conns", "max_conns": "pool_size", "acquire_timeout": "pool_timeout",
		"connect_timeout": "dial_timeout", "max_conn_lifetime": "conn_max_lifetime",
		"max_conn_idle_time": "conn_max_idle_time",
	}
)

// poolSchema is the schema of a pool block of a scenario with driver
// (any of both when the driver is unknown).
func poolSchema(driver string) bodySchema {
	sch := bodySchema{what: "a pool block", attrs: []string{"enabled"}}
	own, other, otherDriver := postgresPoolAttrs, redisPoolAttrs, DriverRedis
	switch driver {
	case DriverRedis:
		own, other, otherDriver = redisPoolAttrs, postgresPoolAttrs, DriverPostgres
	case DriverPostgres:
	default:
		sch.attrs = append(append(sch.attrs, postgresPoolAttrs...), redisPoolAttrs...)
		return sch
	}
	sch.what = fmt.Sprintf("the pool block of a %s scenario", driver)
	sch.attrs = append(sch.attrs, own...)
	sch.foreign = make(map[string]misplaced, len(other))
	for _, name := range other {
		hint := "Remove it."
		if eq := equivalent(name); eq != "" {
			hint = fmt.Sprintf("The %s setting is %q.", driver, eq)
		}
		sch.foreign[name] = misplaced{
			summary: "Pool setting of the other driver",
			detail:  fmt.Sprintf("%q is a %s pool setting, but this scenario uses the %s driver. %s", name, otherDriver, driver, hint),
		}
	}
	return sch
}

// equivalent returns the other driver's name of a pool setting, or "".
func equivalent(name string) string {
	if eq, ok := poolEquivalents[name]; ok {
		return eq
	}
	for k, v := range poolEquivalents {
		if v == name {
			return k
		}
	}
	return ""
}

// decodePool decodes a pool block.
func decodePool(s *scope, blk *hclsyntax.Block) (*Pool, hcl.Diagnostics) {
	p := &Pool{Range: header(blk)}
	b := openBody(s, blk.Body, p.Range, poolSchema(s.driver))
	p.Enabled = b.boolean("enabled")
	if s.driver != DriverRedis {
		p.MinConns = b.count("min_conns", 0, MaxPoolSize)
		p.MaxConns = b.count("max_conns", 1, MaxPoolSize)
		p.AcquireTimeout = b.duration("acquire_timeout", positiveDuration)
		p.MaxConnLifetime = b.duration("max_conn_lifetime", anyDuration)
		p.MaxConnLifetimeJitter = b.duration("max_conn_lifetime_jitter", anyDuration)
		p.MaxConnIdleTime = b.duration("max_conn_idle_time", anyDuration)
		p.HealthCheckPeriod = b.duration("health_check_period", positiveDuration)
		p.ConnectTimeout = b.duration("connect_timeout", positiveDuration)
		p.TLS, _ = b.enum("tls", TLSModes, "Invalid tls mode")
		p.PingOnAcquire = b.boolean("ping_on_acquire")
	}
	if s.driver != DriverPostgres {
		p.PoolSize = b.count("pool_size", 1, MaxPoolSize)
		p.MinIdleConns = b.count("min_idle_conns", 0, MaxPoolSize)
		p.MaxIdleConns = b.count("max_idle_conns", 0, MaxPoolSize)
		p.MaxActiveConns = b.count("max_active_conns", 0, MaxPoolSize)
		p.PoolTimeout = b.duration("pool_timeout", positiveDuration)
		p.DialTimeout = b.duration("dial_timeout", positiveDuration)
		p.ReadTimeout = b.duration("read_timeout", positiveDuration)
		p.WriteTimeout = b.duration("write_timeout", positiveDuration)
		p.ConnMaxIdleTime = b.duration("conn_max_idle_time", positiveDuration)
		p.ConnMaxLifetime = b.duration("conn_max_lifetime", anyDuration)
		p.PoolFIFO = b.boolean("pool_fifo")
		p.DB = b.count("db", 0, 15)
	}
	return p, b.diags
}
