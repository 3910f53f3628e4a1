package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// pgbenchResult is what pgbench prints at the end of a run.
type pgbenchResult struct {
	TPS          float64 // "tps = X (without initial connection time)"
	LatencyAvgMs float64 // "latency average = X ms"
	Processed    int64   // "number of transactions actually processed: N"
	Failed       int64   // "number of failed transactions: N (x%)"
}

// parsePgbench reads pgbench's summary. tps and the processed count are
// required; the rest is filled when present.
func parsePgbench(out []byte) (pgbenchResult, error) {
	var r pgbenchResult
	var haveTPS, haveProcessed bool
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "tps = "):
			f, err := firstFloat(strings.TrimPrefix(line, "tps = "))
			if err != nil {
				return r, fmt.Errorf("pgbench: %q: %w", line, err)
			}
			r.TPS, haveTPS = f, true
		case strings.HasPrefix(line, "latency average = "):
			f, err := firstFloat(strings.TrimPrefix(line, "latency average = "))
			if err != nil {
				return r, fmt.Errorf("pgbench: %q: %w", line, err)
			}
			r.LatencyAvgMs = f
		case strings.HasPrefix(line, "number of transactions actually processed: "):
			f, err := firstFloat(strings.TrimPrefix(line, "number of transactions actually processed: "))
			if err != nil {
				return r, fmt.Errorf("pgbench: %q: %w", line, err)
			}
			r.Processed, haveProcessed = int64(f), true
		case strings.HasPrefix(line, "number of failed transactions: "):
			f, err := firstFloat(strings.TrimPrefix(line, "number of failed transactions: "))
			if err != nil {
				return r, fmt.Errorf("pgbench: %q: %w", line, err)
			}
			r.Failed = int64(f)
		}
	}
	if !haveTPS || !haveProcessed {
		return r, errors.New("pgbench: no tps or processed-transactions line in its output")
	}
	return r, nil
}

// firstFloat parses the first space-separated field of s ("123/456" in a
// processed count is cut at the slash).
func firstFloat(s string) (float64, error) {
	f, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	f, _, _ = strings.Cut(f, "/")
	x, err := strconv.ParseFloat(f, 64)
	if err != nil {
		return 0, fmt.Errorf("not a number: %q", f)
	}
	return x, nil
}

// pgbench runs `pgbench -n -f select1.sql -c n -j 2 -T d`: the C client's
// ceiling for the same statement over the same number of connections.
func pgbench(ctx context.Context, url, scenarios string, n int, d time.Duration) (sample, error) {
	conn, err := pgbenchConnOf(url)
	if err != nil {
		return sample{}, err
	}
	secs := max(int(d.Round(time.Second)/time.Second), 1)
	args := []string{"-n", "-f", filepath.Join(scenarios, "select1.sql"),
		"-c", strconv.Itoa(n), "-j", "2", "-T", strconv.Itoa(secs)}
	res, err := command{name: "pgbench", args: append(args, conn.args...), env: conn.env,
		timeout: d + time.Minute}.run(ctx)
	if err != nil {
		return sample{}, err
	}
	if res.ExitCode != 0 {
		return sample{}, fmt.Errorf("pgbench exited %d: %s", res.ExitCode, tail(res.Stderr, 3))
	}
	r, err := parsePgbench(res.Stdout)
	if err != nil {
		return sample{}, err
	}
	return sample{
		OK: r.Processed, Failed: r.Failed, Throughput: r.TPS,
		Elapsed: time.Duration(secs) * time.Second, CPU: res.CPU,
	}, nil
}
