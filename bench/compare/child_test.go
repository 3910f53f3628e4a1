package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestCommandRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	res, err := command{name: "sh", args: []string{"-c", "echo out; echo err >&2; exit 3"}, timeout: 10 * time.Second, peakRSS: true}.run(ctx)
	if err != nil {
		t.Fatalf("a non-zero exit is not an error: %v", err)
	}
	if res.ExitCode != 3 || string(res.Stdout) != "out\n" || string(res.Stderr) != "err\n" {
		t.Errorf("got exit %d, stdout %q, stderr %q", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res.MaxRSSKB <= 0 {
		t.Errorf("MaxRSSKB %d: rusage not read", res.MaxRSSKB)
	}

	res, err = command{name: "pwd", dir: "/", timeout: 10 * time.Second}.run(ctx)
	if err != nil || strings.TrimSpace(string(res.Stdout)) != "/" {
		t.Errorf("dir: got %q, %v", res.Stdout, err)
	}
	if res.MaxRSSKB != 0 {
		t.Errorf("MaxRSSKB %d without peakRSS: only the memory rows measure it", res.MaxRSSKB)
	}

	// SIGINT at the deadline ends a child that does not ignore it, well
	// before the kill grace.
	start := time.Now()
	_, err = command{name: "sleep", args: []string{"30"}, timeout: 100 * time.Millisecond}.run(ctx)
	if err == nil || !strings.Contains(err.Error(), "stopped after 100ms") {
		t.Errorf("timeout: error %v", err)
	}
	if d := time.Since(start); d > killGrace {
		t.Errorf("timeout took %s", d)
	}

	missing := command{name: "/nonexistent/binary", timeout: time.Second}
	if _, err := missing.run(ctx); err == nil {
		t.Error("a missing binary is an error")
	}
}

func TestTail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"a\nb\nc\n", 2, "b\nc"},
		{"a\nb\nc", 5, "a\nb\nc"},
		{"", 1, ""},
	} {
		if got := tail([]byte(tc.in), tc.n); got != tc.want {
			t.Errorf("tail(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// TestChildPeakRSSIsTheChilds: a small child of a process that has touched
// a lot of memory reports its own peak, not the parent's (ru_maxrss would:
// see peakrss.go).
func TestChildPeakRSSIsTheChilds(t *testing.T) {
	if _, err := readHWM("/proc/self/status"); err != nil {
		t.Skip("no VmHWM in /proc here: ru_maxrss is all there is")
	}
	big := make([]byte, 100<<20)
	for i := range big {
		big[i] = 1
	}
	res, err := command{name: "sh", args: []string{"-c", "sleep 0.1"}, timeout: 10 * time.Second, peakRSS: true}.run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRSSKB <= 0 || res.MaxRSSKB > 50<<10 {
		t.Errorf("sh's peak RSS = %d KiB; the parent holds 100 MiB", res.MaxRSSKB)
	}
	big[len(big)-1] = 2 // keep it alive until the child has run
}

func TestParseHWM(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"Name:\tsh\nVmPeak:\t  2480 kB\nVmHWM:\t    1024 kB\nVmRSS:\t 900 kB\n", 1024, true},
		{"Name:\tsh\n", 0, false},
		{"VmHWM:\t 12 MB\n", 0, false},
	} {
		got, err := parseHWM([]byte(tc.in))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseHWM(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
