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

	res, err := command{name: "sh", args: []string{"-c", "echo out; echo err >&2; exit 3"}, timeout: 10 * time.Second}.run(ctx)
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
