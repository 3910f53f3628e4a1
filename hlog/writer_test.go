package hlog

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/series"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// hist returns a histogram of stressql's range holding values (µs).
func hist(t testing.TB, values ...int64) *hdrhistogram.Histogram {
	t.Helper()
	h := metrics.NewHistogram()
	for _, v := range values {
		if err := h.RecordValue(v); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

var t0 = time.Date(2025, 12, 2, 0, 0, 0, 250_000_000, time.UTC)

// goldenEvents are the events of the golden log: a scenario "pool, 1"
// with a phase "ramp up" and a load "reads" in it, over two intervals,
// the first starting 0.5006 s after the log's start (times round to the
// millisecond from the log's start: 0.501, 1.501, 2.735).
func goldenEvents(t testing.TB) []*series.Event {
	scStart := t0.Add(500600 * time.Microsecond)
	var evs []*series.Event
	for i := range 2 {
		start := scStart.Add(time.Duration(i) * time.Second)
		end := start.Add(time.Second)
		if i == 1 {
			end = start.Add(1234567 * time.Microsecond) // a longer last interval: 1.234 s in the log
		}
		base := series.Event{RunID: "0a1b2c3d", Scenario: "pool, 1", Index: 1, ScenarioStart: scStart, Start: start, End: end}
		load := base
		load.Level, load.Phase, load.Load = series.LevelLoad, "ramp up", "reads"
		load.Latency = hist(t, 100, 200, int64(300+i), 1500)
		load.Acquire = hist(t, 5, 7)
		load.Lateness = hist(t) // empty: no line
		phase := base
		phase.Level, phase.Phase = series.LevelPhase, "ramp up"
		phase.Latency = hist(t, 100, 200, int64(300+i), 1500)
		phase.Acquire = hist(t, 5, 7)
		phase.Lateness = nil // absent: no line
		sc := base
		sc.Level = series.LevelScenario
		sc.Latency = hist(t, 100, 200, int64(300+i), 1500, 250_000)
		sc.Acquire = hist(t, 5, 7, 9)
		sc.Lateness = hist(t, 1)
		evs = append(evs, &load, &phase, &sc)
	}
	return evs
}

func TestGolden(t *testing.T) {
	var buf bytes.Buffer
	w := New(&buf, t0)
	for _, ev := range goldenEvents(t) {
		w.Interval(ev)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden.hlog")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("log differs from %s (go test ./hlog -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// TestLinesDecode reads the golden events' log back with hdrhistogram-go:
// every line's fields and histogram are those of the event it came from.
func TestLinesDecode(t *testing.T) {
	var buf bytes.Buffer
	w := New(&buf, t0)
	evs := goldenEvents(t)
	for _, ev := range evs {
		w.Interval(ev)
	}
	type want struct {
		tag                string
		start, length, max string
		h                  *hdrhistogram.Histogram
	}
	var wants []want
	for _, ev := range evs {
		for _, m := range []struct {
			name string
			h    *hdrhistogram.Histogram
		}{{"latency", ev.Latency}, {"acquire", ev.Acquire}, {"lateness", ev.Lateness}} {
			if m.h == nil || m.h.TotalCount() == 0 {
				continue
			}
			from, to := ev.Start.Sub(t0).Round(time.Millisecond), ev.End.Sub(t0).Round(time.Millisecond)
			wants = append(wants, want{Tag(ev, m.name),
				fmt.Sprintf("%.3f", from.Seconds()),
				fmt.Sprintf("%.3f", (to - from).Seconds()),
				fmt.Sprintf("%.3f", float64(m.h.Max())/1000), m.h})
		}
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, `"`) {
			lines = append(lines, l)
		}
	}
	if len(lines) != len(wants) || len(lines) != 2*(3+2+2) {
		t.Fatalf("%d data lines, want %d (%d expected from the events):\n%s", len(lines), 14, len(wants), buf.String())
	}
	for i, l := range lines {
		f := strings.Split(l, ",")
		if len(f) != 5 {
			t.Fatalf("line %d has %d fields, want 5: %q", i, len(f), l)
		}
		w := wants[i]
		if f[0] != "Tag="+w.tag || f[1] != w.start || f[2] != w.length || f[3] != w.max {
			t.Errorf("line %d = %q, want Tag=%s,%s,%s,%s,…", i, l, w.tag, w.start, w.length, w.max)
		}
		h, err := hdrhistogram.Decode([]byte(f[4]))
		if err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if !h.Equals(w.h) {
			t.Errorf("line %d: decoded histogram (count %d, max %d) differs from the event's (count %d, max %d)", i, h.TotalCount(), h.Max(), w.h.TotalCount(), w.h.Max())
		}
	}
}

func TestHeader(t *testing.T) {
	var buf bytes.Buffer
	start := time.Date(2026, 1, 2, 3, 4, 5, 678_900_000, time.FixedZone("X", 3600))
	w := New(&buf, start)
	n := buf.Len()
	// 1 s after start is 1.0009 s after BaseTime (start truncated to the ms).
	w.Interval(&series.Event{Level: series.LevelScenario, Scenario: "s", Start: start.Add(time.Second), End: start.Add(2 * time.Second), Latency: hist(t, 1)})
	if line := buf.String()[n:]; !strings.HasPrefix(line, "Tag=scenario=s/latency,1.001,1.000,0.001,HISTF") {
		t.Errorf("line %q, want Tag=scenario=s/latency,1.001,1.000,0.001,HISTF…", line)
	}
	buf.Truncate(n)
	got := strings.Split(buf.String(), "\n")
	want := []string{
		"#[stressql interval log: values in microseconds (us); Interval_Max in milliseconds (us / 1000); times in seconds from BaseTime]",
		"#[Histogram log format version 1.3]",
		"#[StartTime: 1767319445.678 (seconds since epoch), 2026-01-02T02:04:05.678Z]",
		"#[BaseTime: 1767319445.678 (seconds since epoch)]",
		Legend,
		"",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("header:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// HdrHistogram's readers take the number after the first space.
	for _, l := range got[2:4] {
		if v, err := strconv.ParseFloat(strings.Fields(l)[1], 64); err != nil || v != 1767319445.678 {
			t.Errorf("%q: second field %v, %v", l, v, err)
		}
	}
}

func TestTag(t *testing.T) {
	tests := []struct {
		name   string
		ev     series.Event
		metric string
		want   string
	}{
		{"scenario", series.Event{Level: series.LevelScenario, Scenario: "s", Phase: "ignored", Load: "ignored"}, "latency", "scenario=s/latency"},
		{"phase", series.Event{Level: series.LevelPhase, Scenario: "s", Phase: "p", Load: "ignored"}, "acquire", "scenario=s/phase=p/acquire"},
		{"load", series.Event{Level: series.LevelLoad, Scenario: "s", Phase: "p", Load: "l"}, "lateness", "scenario=s/phase=p/load=l/lateness"},
		{"implicit phase", series.Event{Level: series.LevelLoad, Scenario: "s", Load: "l"}, "latency", "scenario=s/phase=/load=l/latency"},
		{"comma and space", series.Event{Level: series.LevelScenario, Scenario: "a b,c"}, "latency", "scenario=a%20b%2Cc/latency"},
		{"separators", series.Event{Level: series.LevelLoad, Scenario: "x/y=z", Phase: "50%", Load: "t\tn\r\n"}, "latency", "scenario=x%2Fy%3Dz/phase=50%25/load=t%09n%0D%0A/latency"},
		{"unicode kept, unicode space escaped", series.Event{Level: series.LevelScenario, Scenario: "µs\u00a0é\u2028"}, "latency", "scenario=µs%C2%A0é%E2%80%A8/latency"},
		{"invalid utf-8", series.Event{Level: series.LevelScenario, Scenario: "a\xffb"}, "latency", "scenario=a%FFb/latency"},
		{"dots and dashes kept", series.Event{Level: series.LevelScenario, Scenario: "pg.pool-max_size"}, "latency", "scenario=pg.pool-max_size/latency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tag(&tt.ev, tt.metric)
			if got != tt.want {
				t.Errorf("Tag = %q, want %q", got, tt.want)
			}
			if strings.ContainsAny(got, ", \t\r\n") {
				t.Errorf("Tag %q has a comma or whitespace", got)
			}
		})
	}
}

// failWriter fails every write after the first n.
type failWriter struct {
	n      int
	writes int
}

var errDisk = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	f.writes++
	if f.writes > f.n {
		return 0, errDisk
	}
	return len(p), nil
}

func TestWriteError(t *testing.T) {
	fw := &failWriter{n: 2} // header, one event, then failures
	w := New(fw, t0)
	evs := goldenEvents(t)
	w.Interval(evs[0])
	if err := w.Err(); err != nil {
		t.Fatalf("Err after a good write = %v", err)
	}
	w.Interval(evs[1])
	w.Interval(evs[2])
	if err := w.Err(); !errors.Is(err, errDisk) {
		t.Fatalf("Err = %v, want %v", err, errDisk)
	}
	if fw.writes != 3 {
		t.Errorf("%d writes, want 3: nothing is written after the first error", fw.writes)
	}
	if err := w.Close(); !errors.Is(err, errDisk) {
		t.Errorf("Close = %v, want the first error", err)
	}
}

func TestHeaderWriteError(t *testing.T) {
	w := New(&failWriter{}, t0)
	if err := w.Close(); !errors.Is(err, errDisk) {
		t.Errorf("Close = %v, want %v", err, errDisk)
	}
}

func TestCloseStops(t *testing.T) {
	var buf bytes.Buffer
	w := New(&buf, t0)
	n := buf.Len()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w.Interval(goldenEvents(t)[0])
	if buf.Len() != n {
		t.Errorf("an event after Close was written: %q", buf.String()[n:])
	}
}

// TestConcurrent writes events from several goroutines (run with -race):
// every line is whole and every event is there.
func TestConcurrent(t *testing.T) {
	var buf bytes.Buffer
	w := New(&buf, t0)
	const goroutines, perG = 4, 25
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perG {
				w.Interval(&series.Event{Level: series.LevelLoad, Scenario: "s", Phase: "p", Load: fmt.Sprint("l", g),
					Start: t0.Add(time.Duration(i) * time.Second), End: t0.Add(time.Duration(i+1) * time.Second),
					Latency: hist(t, int64(i+1)), Acquire: hist(t, 2)})
			}
		}()
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, `"`) {
			continue
		}
		f := strings.Split(l, ",")
		if len(f) != 5 {
			t.Fatalf("broken line %q", l)
		}
		if _, err := hdrhistogram.Decode([]byte(f[4])); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		counts[f[0]]++
	}
	for g := range goroutines {
		for _, m := range []string{"latency", "acquire"} {
			tag := fmt.Sprintf("Tag=scenario=s/phase=p/load=l%d/%s", g, m)
			if counts[tag] != perG {
				t.Errorf("%s: %d lines, want %d", tag, counts[tag], perG)
			}
		}
	}
}

// TestGoReader reads the golden events' log with hdrhistogram-go's
// HistogramLogReader: tags, absolute times and histograms come back.
func TestGoReader(t *testing.T) {
	var buf bytes.Buffer
	w := New(&buf, t0)
	var want []*hdrhistogram.Histogram
	var tags []string
	var starts, ends []int64
	for _, ev := range goldenEvents(t) {
		w.Interval(ev)
		for _, m := range []struct {
			name string
			h    *hdrhistogram.Histogram
		}{{"latency", ev.Latency}, {"acquire", ev.Acquire}, {"lateness", ev.Lateness}} {
			if m.h != nil && m.h.TotalCount() > 0 {
				want, tags = append(want, m.h), append(tags, Tag(ev, m.name))
				starts = append(starts, t0.Add(ev.Start.Sub(t0).Round(time.Millisecond)).UnixMilli())
				ends = append(ends, t0.Add(ev.End.Sub(t0).Round(time.Millisecond)).UnixMilli())
			}
		}
	}
	r := hdrhistogram.NewHistogramLogReader(&buf)
	for i := 0; ; i++ {
		h, err := r.NextIntervalHistogram()
		if err != nil {
			t.Fatal(err)
		}
		if h == nil {
			if i != len(want) {
				t.Errorf("read %d histograms, want %d", i, len(want))
			}
			break
		}
		if i >= len(want) {
			t.Fatalf("more than %d histograms", len(want))
		}
		if h.Tag() != tags[i] || h.StartTimeMs() != starts[i] || h.EndTimeMs() != ends[i] {
			t.Errorf("histogram %d: tag %q [%d, %d) ms, want %q [%d, %d)", i, h.Tag(), h.StartTimeMs(), h.EndTimeMs(), tags[i], starts[i], ends[i])
		}
		if !h.Equals(want[i]) {
			t.Errorf("histogram %d (%s) differs", i, tags[i])
		}
	}
}
