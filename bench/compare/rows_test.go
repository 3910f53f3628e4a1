package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// samplesOf makes fake samples with these throughputs, each with cpuUs
// µs of CPU per op over 1000 ops.
func samplesOf(cpuUs float64, tps ...float64) []sample {
	var ss []sample
	for _, tp := range tps {
		ss = append(ss, sample{OK: 1000, Throughput: tp, CPU: time.Duration(cpuUs * 1000 * float64(time.Microsecond))})
	}
	return ss
}

func TestClosedRows(t *testing.T) {
	t.Parallel()
	tc := func(cpuMax float64, tool bool) throughputCase {
		c := throughputCase{name: "case", cpuMax: cpuMax,
			bare: contender{name: "go-redis loop"}, stressql: contender{name: "stressql"}}
		if tool {
			c.tool = &contender{name: "redis-benchmark"}
		}
		return c
	}
	for _, c := range []struct {
		name              string
		tc                throughputCase
		samples           [][]sample
		errs              []error
		wantTP, wantCPU   string
		wantRatio, wantCR float64 // 0 = none
	}{
		{
			// Medians 100 (bare) and 97 (stressql): exactly 0.97 passes;
			// CPU per op 2.00 vs 2.04 µs is 1.02: on the bound.
			name:    "on both bounds",
			tc:      tc(closedCPUMax, false),
			samples: [][]sample{samplesOf(2, 90, 100, 110), samplesOf(2.04, 99, 97, 96)},
			errs:    make([]error, 2),
			wantTP:  StatusPass, wantCPU: StatusPass, wantRatio: 0.97, wantCR: 1.02,
		},
		{
			name:    "throughput and CPU missed",
			tc:      tc(closedCPUMax, true),
			samples: [][]sample{samplesOf(2, 100), samplesOf(2.1, 96), samplesOf(1, 120)},
			errs:    make([]error, 3),
			wantTP:  StatusMiss, wantCPU: StatusMiss, wantRatio: 0.96, wantCR: 1.05,
		},
		{
			// acquire+release: 1.25 × the bare CPU is within its 1.3.
			name:    "acquire CPU bound",
			tc:      tc(acquireCPUMax, false),
			samples: [][]sample{samplesOf(0.4, 1e6), samplesOf(0.5, 0.98e6)},
			errs:    make([]error, 2),
			wantTP:  StatusPass, wantCPU: StatusPass, wantRatio: 0.98, wantCR: 1.25,
		},
		{
			name:    "bare not measured",
			tc:      tc(closedCPUMax, false),
			samples: [][]sample{nil, samplesOf(2, 97)},
			errs:    []error{errors.New("redis down"), nil},
			wantTP:  StatusError, wantCPU: StatusError,
		},
		{
			name:    "scaling row without CPU target",
			tc:      tc(0, false),
			samples: [][]sample{samplesOf(2, 100), samplesOf(3, 99)},
			errs:    make([]error, 2),
			wantTP:  StatusPass, wantCPU: StatusInfo, wantRatio: 0.99, wantCR: 1.5,
		},
	} {
		row, cpu, bare, ok := closedRows("g", "cpu", c.tc, c.samples, c.errs)
		if row.Status != c.wantTP || cpu.Status != c.wantCPU {
			t.Errorf("%s: throughput %s, CPU %s; want %s, %s (notes %v)", c.name, row.Status, cpu.Status, c.wantTP, c.wantCPU, row.Notes)
		}
		checkRatio(t, c.name+" throughput", row.VsBaseline, c.wantRatio)
		checkRatio(t, c.name+" CPU", cpu.VsBaseline, c.wantCR)
		if ok != (c.samples[0] != nil) || (ok && bare.Throughput != *row.Baseline) {
			t.Errorf("%s: bare median %+v ok %v", c.name, bare, ok)
		}
		if c.tc.tool != nil && (row.Tool == nil || row.ToolName != "redis-benchmark") {
			t.Errorf("%s: no tool column", c.name)
		}
		if c.errs[0] != nil && !slices.ContainsFunc(row.Notes, func(n string) bool { return strings.Contains(n, "redis down") }) {
			t.Errorf("%s: notes %v lack the bare loop's error", c.name, row.Notes)
		}
	}
}

func checkRatio(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	switch {
	case want == 0 && got != nil:
		t.Errorf("%s: ratio %v, want none", name, *got)
	case want != 0 && (got == nil || *got-want > 1e-9 || want-*got > 1e-9):
		t.Errorf("%s: ratio %v, want %v", name, got, want)
	}
}

func TestOpenRows(t *testing.T) {
	t.Parallel()
	sq := func(ok, dropped int64, lateness float64) rateRun {
		r := rateRun{target: 10000, achieved: float64(ok) / 5, expected: ok + dropped, lateness: lateness}
		r.ops.OK, r.ops.Dropped, r.ops.Total = ok, dropped, ok+dropped
		return r
	}
	bare := func(ok, dropped int64) openResult { return openResult{ok: ok, dropped: dropped} }
	below, saturated := openCase{rate: 10000}, openCase{rate: 50000, saturated: true}
	for _, c := range []struct {
		name                      string
		oc                        openCase
		runs                      openRuns
		ceiling                   float64
		wantAcc, wantLate         string
		wantDropped, wantServed   string
		wantDroppedN, wantServedN float64
	}{
		{
			// No drops on either side: a ratio is undefined, the verdict
			// is PASS.
			name: "0 vs 0 dropped",
			oc:   below,
			runs: openRuns{sq: []rateRun{sq(50000, 0, 0.2), sq(50000, 0, 0.3), sq(50000, 0, 0.1)},
				bare: []openResult{bare(50000, 0), bare(50000, 0), bare(50000, 0)}},
			wantAcc: StatusPass, wantLate: StatusPass, wantDropped: StatusPass, wantServed: StatusInfo,
			wantDroppedN: 0, wantServedN: 50000,
		},
		{
			// Medians: stressql drops 5 (of 2, 5, 40), the bare loop 3 (of
			// 0, 3, 9): more drops is a MISS, and lateness 1.2 ms too.
			name: "more drops",
			oc:   below,
			runs: openRuns{sq: []rateRun{sq(49998, 2, 0.5), sq(49995, 5, 1.2), sq(49960, 40, 3)},
				bare: []openResult{bare(50000, 0), bare(49997, 3), bare(49991, 9)}},
			wantAcc: StatusPass, wantLate: StatusMiss, wantDropped: StatusMiss, wantServed: StatusInfo,
			wantDroppedN: 5, wantServedN: 49995,
		},
		{
			// Saturated: serving 0.95 × the bare loop passes; drops and
			// lateness are INFO; the achieved rate's miss is INFO beyond
			// 80 % of the ceiling.
			name:    "saturated served",
			oc:      saturated,
			runs:    openRuns{sq: []rateRun{sq(95000, 155000, 4)}, bare: []openResult{bare(100000, 150000)}},
			ceiling: 45000,
			wantAcc: StatusInfo, wantLate: StatusInfo, wantDropped: StatusInfo, wantServed: StatusPass,
			wantDroppedN: 155000, wantServedN: 95000,
		},
		{
			name:    "saturated served too few",
			oc:      saturated,
			runs:    openRuns{sq: []rateRun{sq(63000, 187000, 4)}, bare: []openResult{bare(100000, 150000)}},
			wantAcc: StatusMiss, wantLate: StatusInfo, wantDropped: StatusInfo, wantServed: StatusMiss,
			wantDroppedN: 187000, wantServedN: 63000,
		},
		{
			name:    "stressql failed",
			oc:      below,
			runs:    openRuns{sqErr: errors.New("exit 1"), bare: []openResult{bare(50000, 0)}},
			wantAcc: StatusError, wantLate: StatusError, wantDropped: StatusError, wantServed: StatusError,
			wantDroppedN: -1, wantServedN: -1,
		},
		{
			// Without the bare loop the comparison rows cannot be judged;
			// the accuracy rows still are.
			name:    "bare failed",
			oc:      below,
			runs:    openRuns{sq: []rateRun{sq(50000, 0, 0.2)}, bareErr: errors.New("redis down")},
			wantAcc: StatusPass, wantLate: StatusPass, wantDropped: StatusError, wantServed: StatusInfo,
			wantDroppedN: 0, wantServedN: 50000,
		},
	} {
		rs := openRows("acc", "vs", "r", c.oc, c.runs, c.ceiling)
		for _, r := range []struct {
			what, got, want string
		}{
			{"achieved", rs.achieved.Status, c.wantAcc}, {"lateness", rs.lateness.Status, c.wantLate},
			{"dropped", rs.dropped.Status, c.wantDropped}, {"served", rs.served.Status, c.wantServed},
		} {
			if r.got != r.want {
				t.Errorf("%s: %s %s, want %s", c.name, r.what, r.got, r.want)
			}
		}
		for _, n := range []struct {
			what string
			got  *float64
			want float64
		}{{"dropped", rs.dropped.Stressql, c.wantDroppedN}, {"served", rs.served.Stressql, c.wantServedN}} {
			if (n.want < 0) != (n.got == nil) || (n.got != nil && *n.got != n.want) {
				t.Errorf("%s: %s %v, want %v", c.name, n.what, n.got, n.want)
			}
		}
	}
}

// scrape counts answers with status 200, retries failures, and does not
// count the scrape the end of the run cut short.
func TestScrape(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			http.Error(w, "starting", http.StatusServiceUnavailable)
		case 3: // the run ends while a scrape is in flight: not a failure
			cancel()
			// No answer until the scraper has gone: answering at once
			// raced the cancellation, and an answer that won counted ok.
			<-r.Context().Done()
		}
	}))
	defer srv.Close()
	ok, failed := scrape(ctx, srv.URL+"/metrics")
	if ok != 1 || failed != 1 {
		t.Errorf("scrape: %d ok, %d failed; want 1 and 1", ok, failed)
	}
}

// Each run gets its own port and log file, and a run whose endpoint did
// not start or answer is an error, not a sample of the features' cost.
func TestFeaturesCheck(t *testing.T) {
	t.Parallel()
	b := &bench{sq: stressql{tmp: t.TempDir()}}
	use := &featureUse{}
	mk := b.features(context.Background(), use)
	args1, check1 := mk(5 * time.Second)
	args2, check2 := mk(5 * time.Second)
	flag := func(args []string, name string) string {
		i := slices.Index(args, name)
		if i < 0 || i+1 >= len(args) {
			t.Fatalf("args %v lack %s", args, name)
		}
		return args[i+1]
	}
	if flag(args1, "--interval") != "1s" || !strings.HasPrefix(flag(args1, "--metrics-addr"), "127.0.0.1:") {
		t.Errorf("args %v", args1)
	}
	if flag(args1, "--hlog") == flag(args2, "--hlog") {
		t.Errorf("two runs share the hlog file %s", flag(args1, "--hlog"))
	}
	if err := check1(childResult{}); err == nil || !strings.Contains(err.Error(), "did not start its metrics endpoint") {
		t.Errorf("no endpoint line: %v", err)
	}
	line := childResult{Stderr: []byte("live metrics at http://" + flag(args2, "--metrics-addr") + "/metrics\n")}
	if err := check2(line); err == nil || !strings.Contains(err.Error(), "answered no scrape") {
		t.Errorf("nothing listening: %v", err)
	}
	// A load shorter than a scrape period (the fixed-cost run's) need not
	// have been scraped, only have started its endpoint.
	args3, check3 := mk(fixedCPURun)
	if err := os.WriteFile(flag(args3, "--hlog"), []byte("#[hlog]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	short := childResult{Stderr: []byte("live metrics at http://" + flag(args3, "--metrics-addr") + "/metrics\n")}
	if err := check3(short); err != nil {
		t.Errorf("a %s run without a scrape: %v, want it accepted", fixedCPURun, err)
	}
	if _, err := os.Stat(flag(args1, "--hlog")); !os.IsNotExist(err) {
		t.Errorf("hlog file left behind: %v", err)
	}
	if len(use.notes) != 3 {
		t.Errorf("notes %v, want one per run", use.notes)
	}
}

func TestFixedCPUNote(t *testing.T) {
	t.Parallel()
	// 1000 ops in 20 ms of CPU, 2 of them fixed: 18 µs/op without it,
	// 0.9 × the bare loop's 20 µs.
	cpu := Row{Baseline: ptr(20)}
	fixedCPUNote(&cpu, sample{OK: 1000, CPU: 20 * time.Millisecond}, 2*time.Millisecond)
	want := "stressql's fixed CPU (start-up, pool warm-up, report; a 1ms run): 2.0 ms, 10.0% of the run's; without it 18.000 µs/op, ratio 0.900"
	if len(cpu.Notes) != 1 || cpu.Notes[0] != want {
		t.Errorf("notes %q, want %q", cpu.Notes, want)
	}
	// A fixed cost above the run's CPU (noise) leaves 0, not a negative.
	cpu = Row{}
	fixedCPUNote(&cpu, sample{OK: 10, CPU: time.Millisecond}, 2*time.Millisecond)
	if len(cpu.Notes) != 1 || !strings.Contains(cpu.Notes[0], "without it 0.000 µs/op") {
		t.Errorf("notes %q", cpu.Notes)
	}
	cpu = Row{}
	fixedCPUNote(&cpu, sample{}, time.Millisecond)
	if len(cpu.Notes) != 0 {
		t.Errorf("no sample: notes %q", cpu.Notes)
	}
}
