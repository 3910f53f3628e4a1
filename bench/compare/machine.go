package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	goredis "github.com/redis/go-redis/v9"
)

// machine describes where the numbers come from.
type machine struct {
	CPUs       int    `json:"cpus"`
	CPUModel   string `json:"cpu_model,omitempty"`
	MemTotalMB int64  `json:"mem_total_mb,omitempty"`
	Kernel     string `json:"kernel,omitempty"`
	GoVersion  string `json:"go_version"`
	Postgres   string `json:"postgres,omitempty"`
	Redis      string `json:"redis,omitempty"`
	Pgbench    string `json:"pgbench,omitempty"`
	RedisBench string `json:"redis_benchmark,omitempty"`
	// LoadAvg is /proc/loadavg's 1, 5 and 15 minute averages when the
	// comparison started and ended: anything else running on the machine
	// skews every number.
	LoadAvgStart string `json:"loadavg_start,omitempty"`
	LoadAvgEnd   string `json:"loadavg_end,omitempty"`
}

// describeMachine collects what it can; anything it cannot read stays
// empty.
func describeMachine(ctx context.Context, t targets) machine {
	m := machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), LoadAvgStart: loadAvg()}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	m.CPUModel = procField("/proc/cpuinfo", "model name")
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		var n int64
		for _, c := range strings.TrimSuffix(kb, " kB") {
			if c >= '0' && c <= '9' {
				n = n*10 + int64(c-'0')
			}
		}
		m.MemTotalMB = n / 1024
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if u, err := withSSLDisabled(t.postgres); err == nil {
		if c, err := pgx.Connect(ctx, u); err == nil {
			_ = c.QueryRow(ctx, "SHOW server_version").Scan(&m.Postgres)
			_ = c.Close(ctx)
		}
	}
	if opt, err := goredis.ParseURL(t.redis); err == nil {
		c := goredis.NewClient(opt)
		if info, err := c.Info(ctx, "server").Result(); err == nil {
			m.Redis = infoField(info, "redis_version")
		}
		_ = c.Close()
	}
	m.Pgbench = toolVersion(ctx, "pgbench", "--version")
	m.RedisBench = toolVersion(ctx, "redis-benchmark", "--version")
	return m
}

// loadAvg returns the 1, 5 and 15 minute load averages.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// procField returns the value of the first "key: value" line of a /proc
// file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// infoField returns a field of Redis INFO output.
func infoField(info, key string) string {
	for _, line := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), key+":"); ok {
			return v
		}
	}
	return ""
}

func toolVersion(ctx context.Context, name string, args ...string) string {
	res, err := command{name: name, args: args, timeout: 10 * time.Second}.run(ctx)
	if err != nil || res.ExitCode != 0 {
		return ""
	}
	return string(bytes.TrimSpace(res.Stdout))
}
