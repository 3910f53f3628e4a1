package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/testenv"
)

func TestParseStatCPU(t *testing.T) {
	t.Parallel()
	// A real line's shape: a command name with a space and a ')' in it;
	// utime 250 and stime 50 ticks, fields 14 and 15.
	line := "4242 (my )proc) S 1 4242 4242 0 -1 4194560 2593 0 0 0 250 50 0 0 20 0 3 0 123 1000 200 18446744073709551615\n"
	for _, tc := range []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: line, want: 3 * time.Second},
		{in: "1 (init) S 1 1 1 0 -1 0 0 0 0 0 0", wantErr: "12 fields"},
		{in: "no command name", wantErr: "no command name"},
		{in: "1 (x) S 1 1 1 0 -1 0 0 0 0 0 ten 0 0", wantErr: "invalid syntax"},
	} {
		got, err := parseStatCPU([]byte(tc.in))
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("parseStatCPU(%q) = %v, %v; want an error with %q", tc.in, got, err, tc.wantErr)
			}
		case err != nil || got != tc.want:
			t.Errorf("parseStatCPU(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	// This process's own line parses, and its CPU time only grows.
	a, err := procCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(50 * time.Millisecond); time.Now().Before(end); {
	}
	if b, err := procCPU(os.Getpid()); err != nil || b < a {
		t.Errorf("procCPU went from %v to %v (%v)", a, b, err)
	}
}

func TestWindowSample(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	// 1000 ops/s and 10 ms of CPU per 100 ms, linear; the child's CPU is
	// unknown before 100 ms.
	var points []sidePoint
	for ms := 0; ms <= 1000; ms += 20 {
		child := time.Duration(-1)
		if ms >= 100 {
			child = time.Duration(ms) * time.Millisecond / 2
		}
		points = append(points, sidePoint{at: at(ms), ok: int64(ms), failed: int64(ms / 100),
			selfCPU: time.Duration(ms) * time.Millisecond / 10, childCPU: child})
	}
	s, err := windowSample(points, at(205), at(705))
	if err != nil {
		t.Fatal(err)
	}
	if s.OK != 500 || s.Failed != 5 || s.Elapsed != 500*time.Millisecond || s.CPU != 50*time.Millisecond || s.Throughput != 1000 {
		t.Errorf("windowSample = %+v; want 500 ok, 5 failed in 500ms, 50ms CPU, 1000/s", s)
	}
	child := func(p sidePoint) float64 { return float64(p.childCPU) }
	for _, tc := range []struct {
		at   time.Time
		want float64
		ok   bool
	}{
		{at(300), float64(150 * time.Millisecond), true},
		{at(110), float64(55 * time.Millisecond), true},
		{at(90), 0, false},   // needs the point at 80 ms: not measured
		{at(-1), 0, false},   // before the first point
		{at(1001), 0, false}, // after the last
	} {
		got, ok := interpolate(points, tc.at, child)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("interpolate at %s = %v, %v; want %v, %v", tc.at.Sub(t0), got, ok, tc.want, tc.ok)
		}
	}
	if _, err := windowSample(points, at(-10), at(500)); err == nil {
		t.Error("a window starting before the bare loop ran was accepted")
	}
	if _, err := windowSample(points, at(500), at(500)); err == nil {
		t.Error("an empty window was accepted")
	}
}

func TestSideRows(t *testing.T) {
	t.Parallel()
	sc := sideCase{name: "case", bareName: "bare, same window"}
	pair := func(sq, bare, sqCPU, bareCPU float64) sidePair {
		mk := func(tp, cpuUs float64) sample {
			return sample{OK: 1000, Throughput: tp, CPU: time.Duration(cpuUs * 1000 * float64(time.Microsecond))}
		}
		return sidePair{stressql: mk(sq, sqCPU), bare: mk(bare, bareCPU)}
	}
	row, cpu := sideRows(sc, []sidePair{
		pair(90, 100, 11, 10), // 0.90, CPU 1.10
		pair(99, 100, 10, 10), // 0.99, CPU 1.00
		pair(120, 100, 9, 10), // 1.20, CPU 0.90
	}, nil)
	if row.Status != StatusPass || row.VsBaseline == nil || *row.VsBaseline != 0.99 {
		t.Errorf("throughput row %s at %v: want PASS at the median pair's 0.99 (%q)", row.Status, row.VsBaseline, row.Notes)
	}
	if cpu.Status != StatusPass || cpu.VsBaseline == nil || *cpu.VsBaseline != 1 {
		t.Errorf("CPU row %s at %v: want PASS at the median 1.00 (%q)", cpu.Status, cpu.VsBaseline, cpu.Notes)
	}
	if !strings.Contains(strings.Join(row.Notes, "\n"), "0.900, 0.990, 1.200") {
		t.Errorf("notes %q do not list every pair's ratio", row.Notes)
	}
	row, _ = sideRows(sc, []sidePair{pair(90, 100, 11, 10), pair(95, 100, 11, 10)}, nil)
	if row.Status != StatusMiss || *row.VsBaseline != 0.9 {
		t.Errorf("two pairs 0.90 and 0.95: %s at %v, want MISS at the lower middle 0.90", row.Status, *row.VsBaseline)
	}
	row, cpu = sideRows(sc, nil, errors.New("redis down"))
	if row.Status != StatusError || cpu.Status != StatusError || !strings.Contains(strings.Join(row.Notes, ""), "redis down") {
		t.Errorf("no pairs: %s / %s (%q), want ERROR with the cause", row.Status, cpu.Status, row.Notes)
	}
}

// TestRunSide runs the real binary and the bare loop side by side for a
// second against the real Redis: both samples cover the same window of
// about the load's length, with real counts and CPU time.
func TestRunSide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds stressql and runs it against Redis")
	}
	url := testenv.URL(t, "redis")
	t.Setenv("STRESSQL_REDIS_URL", url) // the child's target
	ctx := context.Background()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin, err := buildStressql(ctx, root, dir)
	if err != nil {
		t.Fatal(err)
	}
	b := &bench{targets: targets{redis: url},
		sq: stressql{bin: bin, root: root, scenarios: filepath.Join(root, "bench", "scenarios"), tmp: dir}}
	sc := b.sideCases()[0]
	sc.conns = 4
	const d = time.Second
	p, err := b.runSide(ctx, sc, d)
	if err != nil {
		t.Fatal(err)
	}
	checkSample(t, "stressql", p.stressql, true)
	checkSample(t, "bare", p.bare, true)
	for name, s := range map[string]sample{"stressql": p.stressql, "bare": p.bare} {
		if s.Elapsed < d-50*time.Millisecond || s.Elapsed > d+50*time.Millisecond {
			t.Errorf("%s: window %s, want about the load's %s", name, s.Elapsed, d)
		}
		// Both work over the window: at least 10 % of a core each.
		if s.CPU < d/10 || s.CPU > 2*d+50*time.Millisecond {
			t.Errorf("%s: %s of CPU in a %s window of 4 busy workers", name, s.CPU, s.Elapsed)
		}
	}
	if p.stressql.Elapsed != p.bare.Elapsed {
		t.Errorf("windows differ: stressql %s, bare %s", p.stressql.Elapsed, p.bare.Elapsed)
	}
}
