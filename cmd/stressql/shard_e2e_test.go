package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/checks"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

// TestShardedRunMerges runs the two shards of testdata/shard/shard.hcl
// together (one start barrier, in this process) against the real Redis,
// merges their reports and checks that the merge is the whole test: the
// totals of the unsharded plan, the p99 of all samples, and a check that
// only the whole test breaks.
func TestShardedRunMerges(t *testing.T) {
	pg, rd := servers(t)
	dir := t.TempDir()
	file := filepath.Join("testdata", "shard", "shard.hcl")
	at := time.Now().Add(3 * time.Second).UTC().Format(time.RFC3339Nano)
	const n = 2
	outs := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			outs[i] = cliEnv(t, nil, "run", file, "--postgres", pg, "--redis", rd, "--seed", "7",
				"--shard", fmt.Sprintf("%d/%d", i, n), "--start-at", at, "--start-gap", "3s",
				"--json", filepath.Join(dir, fmt.Sprintf("s%d.json", i)))
		})
	}
	wg.Wait()
	shards := make([]results.Run, n)
	for i, o := range outs {
		if o.code != 0 {
			t.Fatalf("shard %d exited %d:\n%s\n%s", i, o.code, o.stdout, o.stderr)
		}
		shards[i] = readRun(t, filepath.Join(dir, fmt.Sprintf("s%d.json", i)))
		if s := shards[i].Shard; s == nil || s.Index == nil || *s.Index != i || s.Count != n || s.PlanHash == "" {
			t.Fatalf("shard %d's shard object: %+v", i, s)
		}
		for _, sr := range shards[i].Scenarios {
			for _, c := range sr.Checks {
				if c.Passed || !strings.Contains(c.Message, "not evaluated") {
					t.Errorf("shard %d evaluated check %q: %+v", i, c.Name, c)
				}
			}
		}
	}
	if shards[0].Shard.PlanHash != shards[1].Shard.PlanHash {
		t.Fatal("the shards of one plan have different plan hashes")
	}
	// Shares of the burst: 501 + 500.
	if a, b := shards[0].Scenarios[1].Result.Ops.Total, shards[1].Scenarios[1].Result.Ops.Total; a != 501 || b != 500 {
		t.Errorf("burst shares %d + %d, want 501 + 500", a, b)
	}
	// Each shard alone stays under the error budget.
	p, err := compilePlan(&globalOptions{stdout: &strings.Builder{}, stderr: &strings.Builder{}, getenv: func(string) string { return "" }},
		&configFlags{interval: time.Second}, []string{file}, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := range shards {
		r := shards[i].Scenarios[2].Result
		if cs := checks.EvaluateAll(p.Scenarios[2], r, nil); !cs[0].Passed {
			t.Errorf("shard %d alone breaks the error budget (%d failed): the test cannot show that only the whole test does", i, r.Ops.Failed)
		}
	}

	merged := filepath.Join(dir, "merged.json")
	junit := filepath.Join(dir, "merged.xml")
	out := cliEnv(t, nil, "merge", "--plan", file, filepath.Join(dir, "s1.json"), filepath.Join(dir, "s0.json"), "-o", merged, "--junit", junit)
	if out.code != 1 {
		t.Fatalf("merge exited %d, want 1 (the error budget fails on the whole test):\n%s\n%s", out.code, out.stdout, out.stderr)
	}
	m := readRun(t, merged)
	if m.Shard == nil || m.Shard.Index != nil || len(m.Shard.Merged) != n {
		t.Fatalf("merged shard object %+v", m.Shard)
	}
	status := map[string]string{}
	for _, sr := range m.Scenarios {
		status[sr.Name] = sr.Status
	}
	if status["rate"] != results.StatusPass || status["burst"] != results.StatusPass || status["budget"] != results.StatusFail {
		t.Errorf("merged statuses %v, want rate and burst pass, budget fail", status)
	}
	if cs := m.Scenarios[0].Checks; len(cs) != 2 || !cs[1].Passed || cs[1].NoData {
		t.Errorf("the windowed check over the merged series: %+v", cs)
	}
	rate := m.Scenarios[0].Result
	if ok := rate.Loads["r"].Ops.OK; ok < 3960 || ok > 4040 {
		t.Errorf("the rate load served %d over 2 shards, want 4000 within 1 %%", ok)
	}
	if got := m.Scenarios[1].Result.Ops.Total; got != 1001 {
		t.Errorf("the burst ran %d iterations over 2 shards, want 1001", got)
	}
	budget := m.Scenarios[2].Result
	if want := shards[0].Scenarios[2].Result.Ops.Failed + shards[1].Scenarios[2].Result.Ops.Failed; budget.Ops.Failed != want || budget.Ops.Total != 4000 {
		t.Errorf("budget: %d failed of %d, want %d of 4000", budget.Ops.Failed, budget.Ops.Total, want)
	}
	// The merged p99 is the p99 of every sample of both shards.
	all := metrics.NewHistogram()
	for i := range shards {
		h, err := hdrhistogram.Decode([]byte(shards[i].Scenarios[0].Result.Histograms["latency"]))
		if err != nil {
			t.Fatal(err)
		}
		all.Merge(h)
	}
	if want := metrics.Summary(all); rate.Latency.P99 != want.P99 || rate.Latency.Count != 4000 && rate.Latency.Count != want.Count {
		t.Errorf("merged latency p99 %v (count %d), the p99 of all samples is %v (count %d)", rate.Latency.P99, rate.Latency.Count, want.P99, want.Count)
	}
	// Connections add up: each shard's pool is its own.
	if got, want := rate.Pool.TotalConns.Max, shards[0].Scenarios[0].Result.Pool.TotalConns.Max+shards[1].Scenarios[0].Result.Pool.TotalConns.Max; got != want {
		t.Errorf("merged total_conns.max %v, want the sum %v", got, want)
	}
	// The series merged interval by interval: its counts add up to the whole.
	var inSeries int64
	for _, iv := range rate.Series {
		inSeries += iv.Ops.Total
	}
	if inSeries != rate.Ops.Total {
		t.Errorf("the merged series counts %d iterations, the scenario %d", inSeries, rate.Ops.Total)
	}
}
