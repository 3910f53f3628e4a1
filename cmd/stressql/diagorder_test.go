package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestValidatePrintsInReadingOrder runs validate on a file whose errors
// are found in another order than their lines (the scenario's own
// attributes are decoded before its blocks' contents).
func TestValidatePrintsInReadingOrder(t *testing.T) {
	path := writeScenario(t, `scenario "one" {
  driver = "redis"
  load "l" {
    pattern  = "constant_workers"
    workers  = 0
    duration = "1s"
    step "ping" {}
  }
  check "c" {
    assert = "ops.ok > 1"
  }
  bogus_attr = 3
}
`)
	r := cli(t, "", "validate", path)
	stderr := r.stderr
	if r.code != exitInvalid {
		t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, exitInvalid, stderr)
	}
	last := -1
	for _, line := range []int{5, 9, 10, 12} {
		i := strings.Index(stderr, fmt.Sprintf("mem.hcl:%d:", line))
		if i < 0 {
			t.Fatalf("no diagnostic at line %d; stderr:\n%s", line, stderr)
		}
		if i < last {
			t.Errorf("the diagnostic at line %d is printed before an earlier line's; stderr:\n%s", line, stderr)
		}
		last = i
	}
}
