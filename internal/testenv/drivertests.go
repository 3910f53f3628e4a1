package testenv

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/errkind"
)

// The checks below are tests every driver must pass alike; each driver's
// package runs them with its own pools and steps.

// NoGoroutineLeak opens a pool with open (pooling on, then off), runs
// step 30 times, asks ServerConns, closes and cleans up, and expects the
// process to be back to the goroutines it had before Open.
func NoGoroutineLeak(t *testing.T, open func(t *testing.T, poolEnabled bool) (drivers.Pool, error), step drivers.Step) {
	for _, enabled := range []bool{true, false} {
		t.Run(fmt.Sprintf("pool enabled=%v", enabled), func(t *testing.T) {
			before := runtime.NumGoroutine()
			p, err := open(t, enabled)
			if err != nil {
				t.Fatal(err)
			}
			op := Prepare(t, p, step)
			for range 30 {
				if err := op.Do(context.Background(), &drivers.WorkerState{}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := p.ServerConns(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := p.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := p.Cleanup(context.Background()); err != nil {
				t.Fatal(err)
			}
			WaitGoroutines(t, before, 3*time.Second)
		})
	}
}

// Unreachable runs try, with pooling on and off, against each way the
// test server of driver can be out of reach, and expects the error try
// returns to be of the kind that way must give: a host name that does
// not resolve is a DNS error even when DialAddr points at the live
// server, and an address nothing listens on is refused.
func Unreachable(t *testing.T, driver string, try func(t *testing.T, poolEnabled bool, env drivers.Env) error) {
	tests := []struct {
		name string
		env  func(t testing.TB, env drivers.Env) drivers.Env
		kind string
	}{
		{"host does not resolve", func(_ testing.TB, env drivers.Env) drivers.Env {
			env.Host = "stressql-test.invalid"
			return env
		}, errkind.DNS},
		{"host does not resolve, with DialAddr", func(t testing.TB, env drivers.Env) drivers.Env {
			env.Host = "stressql-test.invalid"
			env.DialAddr = ServerAddr(t, driver)
			return env
		}, errkind.DNS},
		{"nothing listens", func(t testing.TB, env drivers.Env) drivers.Env {
			env.DialAddr = DeadAddr(t)
			return env
		}, errkind.Refused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, enabled := range []bool{true, false} {
				err := try(t, enabled, tt.env(t, Env(t, driver)))
				if got := errkind.Classify(err); got != tt.kind {
					t.Fatalf("pool enabled=%v: %v (kind %q), want kind %q", enabled, err, got, tt.kind)
				}
			}
		})
	}
}

// RejectedOpen checks what Open returned for a configuration it must
// refuse: an error that names want and does not show secret (the
// password in the URL). A pool opened by mistake is closed.
func RejectedOpen(t testing.TB, p drivers.Pool, err error, secret, want string) {
	t.Helper()
	if err == nil {
		_ = p.Close(context.Background())
		t.Fatal("Open accepted an invalid configuration")
	}
	t.Log(err)
	if strings.Contains(err.Error(), secret) {
		t.Fatalf("error shows the password: %v", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not mention %q", err, want)
	}
}

// Rejection is a step Prepare must refuse, and what its error says.
type Rejection struct {
	Step drivers.Step
	Want string
}

// PrepareRejects expects p.Prepare to refuse each step with an error
// containing its Want.
func PrepareRejects(t testing.TB, p drivers.Pool, tests []Rejection) {
	t.Helper()
	for _, tt := range tests {
		_, err := p.Prepare(tt.Step)
		if err == nil || !strings.Contains(err.Error(), tt.Want) {
			t.Errorf("Prepare(%+v) = %v, want error containing %q", tt.Step, err, tt.Want)
		}
	}
}
