package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"runtime"
	"strconv"
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
	// StealPct is the share of the machine's CPU time that its hypervisor
	// gave to other guests while the comparison ran (/proc/stat's steal),
	// in %, and StealPctByGroup the same over each group: a virtual
	// machine whose host is busy stalls every contender and server, and
	// the load average does not show it. Nil where /proc/stat is not
	// readable.
	StealPct        *float64           `json:"steal_pct,omitempty"`
	StealPctByGroup map[string]float64 `json:"steal_pct_by_group,omitempty"`
}

// cpuTimes are /proc/stat's totals over all CPUs, in clock ticks.
type cpuTimes struct {
	total, steal uint64
	ok           bool
}

// readCPUTimes reads the first line of /proc/stat.
func readCPUTimes() cpuTimes {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}
	}
	return parseCPUTimes(b)
}

// parseCPUTimes reads "cpu user nice system idle iowait irq softirq
// steal guest guest_nice": the total is the first eight (guest time is
// already in user and nice), steal the eighth.
func parseCPUTimes(stat []byte) cpuTimes {
	line, _, _ := bytes.Cut(stat, []byte("\n"))
	f := strings.Fields(string(line))
	if len(f) < 9 || f[0] != "cpu" {
		return cpuTimes{}
	}
	var t cpuTimes
	for i, v := range f[1:9] {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return cpuTimes{}
		}
		t.total += n
		if i == 7 {
			t.steal = n
		}
	}
	t.ok = true
	return t
}

// stealPct is the share of the CPU time from a to b that was stolen, in
// %; false when either reading failed or no time passed.
func stealPct(a, b cpuTimes) (float64, bool) {
	if !a.ok || !b.ok || b.total <= a.total || b.steal < a.steal {
		return 0, false
	}
	return 100 * float64(b.steal-a.steal) / float64(b.total-a.total), true
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
