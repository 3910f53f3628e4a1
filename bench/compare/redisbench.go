package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// redisBenchLine is one result line of `redis-benchmark --csv`.
type redisBenchLine struct {
	Test string
	RPS  float64
	// Latencies in ms; zero when the output has no such column (before
	// Redis 7 the CSV held only test and rps).
	Avg, Min, P50, P95, P99, Max float64
}

// parseRedisBenchCSV reads `redis-benchmark --csv` output: an optional
// header line ("test","rps",...) then one line per test.
func parseRedisBenchCSV(r io.Reader) ([]redisBenchLine, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var out []redisBenchLine
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("redis-benchmark CSV: %w", err)
		}
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		if rec[0] == "test" {
			continue // header
		}
		if len(rec) < 2 {
			return nil, fmt.Errorf("redis-benchmark CSV: line %q has no rps", strings.Join(rec, ","))
		}
		nums := make([]float64, len(rec)-1)
		for i, f := range rec[1:] {
			x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return nil, fmt.Errorf("redis-benchmark CSV: %s: field %d %q: not a number", rec[0], i+2, f)
			}
			nums[i] = x
		}
		l := redisBenchLine{Test: rec[0], RPS: nums[0]}
		for i, dst := range []*float64{&l.Avg, &l.Min, &l.P50, &l.P95, &l.P99, &l.Max} {
			if i+1 < len(nums) {
				*dst = nums[i+1]
			}
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, errors.New("redis-benchmark CSV: no result lines")
	}
	return out, nil
}

// redisBenchTests maps a workload to redis-benchmark's test: -t name and
// the name of its result line. PING_MBULK is PING as a RESP array, what
// client libraries send; -r makes SET cycle through redisKeys keys.
var redisBenchTests = map[string]struct{ flag, line string }{
	redisPing: {"ping_mbulk", "PING_MBULK"},
	redisSet:  {"set", "SET"},
}

// redisBenchmark runs `redis-benchmark -c n` for about d. It has no time
// bound, only a request count, so a short calibration run first measures
// the rate and the real run asks for rate × d requests.
func redisBenchmark(ctx context.Context, url, workload string, n int, d time.Duration) (sample, error) {
	test, ok := redisBenchTests[workload]
	if !ok {
		return sample{}, fmt.Errorf("unknown redis workload %q", workload)
	}
	conn, err := redisBenchConn(url)
	if err != nil {
		return sample{}, err
	}
	if workload == redisSet {
		defer cleanRedisBenchKeys(url)
	}
	run := func(requests int64, timeout time.Duration) (redisBenchLine, childResult, error) {
		args := append(append([]string(nil), conn...),
			"-c", strconv.Itoa(n), "-n", strconv.FormatInt(requests, 10),
			"-t", test.flag, "-r", strconv.Itoa(redisKeys), "-q", "--csv")
		res, err := command{name: "redis-benchmark", args: args, timeout: timeout}.run(ctx)
		if err != nil {
			return redisBenchLine{}, res, err
		}
		if res.ExitCode != 0 {
			return redisBenchLine{}, res, fmt.Errorf("redis-benchmark exited %d: %s", res.ExitCode, tail(res.Stderr, 3))
		}
		lines, err := parseRedisBenchCSV(bytes.NewReader(res.Stdout))
		if err != nil {
			return redisBenchLine{}, res, err
		}
		for _, l := range lines {
			if l.Test == test.line {
				return l, res, nil
			}
		}
		return redisBenchLine{}, res, fmt.Errorf("redis-benchmark: no %s line in its output", test.line)
	}
	// Calibrate on a short run, then correct the count until a run lasts
	// about d: the rate of a 0.2 s run can be far from a 10 s one's.
	l, _, err := run(20000, time.Minute)
	if err != nil {
		return sample{}, fmt.Errorf("calibrate: %w", err)
	}
	var res childResult
	var requests int64
	for range 3 {
		requests = max(int64(l.RPS*d.Seconds()), 1000)
		if l, res, err = run(requests, 3*d+time.Minute); err != nil {
			return sample{}, err
		}
		if took := float64(requests) / l.RPS; took >= 0.8*d.Seconds() && took <= 1.5*d.Seconds() {
			break
		}
	}
	s := sample{OK: requests, Throughput: l.RPS, P50: l.P50, P99: l.P99, CPU: res.CPU}
	s.Elapsed = time.Duration(float64(requests) / l.RPS * float64(time.Second))
	return s, nil
}

// cleanRedisBenchKeys deletes the keys redis-benchmark -r wrote
// ("key:" and a 12-digit number).
func cleanRedisBenchKeys(url string) {
	opt, err := goredis.ParseURL(url)
	if err != nil {
		return
	}
	c := goredis.NewClient(opt)
	defer c.Close()
	deleteKeys(c, "key:", "%012d")
}
