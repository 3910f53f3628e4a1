package redis

import (
	"time"

	"github.com/stressql/stressql/drivers"
)

// Config is the pool configuration of a Redis scenario or phase, with every
// default already applied by the interpreter (see DefaultConfig).
type Config struct {
	// Enabled=false opens a fresh connection per iteration (no pool).
	Enabled         bool          `json:"enabled"`
	PoolSize        int           `json:"pool_size"`
	MinIdleConns    int           `json:"min_idle_conns"`
	MaxIdleConns    int           `json:"max_idle_conns"`
	MaxActiveConns  int           `json:"max_active_conns"`
	PoolTimeout     time.Duration `json:"pool_timeout"`
	DialTimeout     time.Duration `json:"dial_timeout"`
	ReadTimeout     time.Duration `json:"read_timeout"`
	WriteTimeout    time.Duration `json:"write_timeout"`
	ConnMaxIdleTime time.Duration `json:"conn_max_idle_time"`
	ConnMaxLifetime time.Duration `json:"conn_max_lifetime"`
	PoolFIFO        bool          `json:"pool_fifo"`
	DB              int           `json:"db"`
}

// DefaultConfig is what a scenario gets for attributes it does not set:
// the defaults of Descriptor's pool attributes. The values are fixed (not
// derived from the machine) so plans are the same everywhere.
func DefaultConfig() Config {
	var c Config
	drivers.FillConfig(&c, drivers.DefaultsOf(poolAttrs))
	return c
}
