package faults

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

func errorFault(load string, p float64, after, duration time.Duration) *plan.Fault {
	return &plan.Fault{Kind: faultkind.Error, Load: load, Probability: p, After: after, Duration: duration}
}

func TestInjectProbability(t *testing.T) {
	tl := Start(context.Background(), []*plan.Fault{errorFault("", 0.3, 0, 0)}, Controls{}, time.Now())
	defer tl.Stop()
	r := rand.New(rand.NewPCG(1, 2))
	const n = 100_000
	hits := 0
	for range n {
		if tl.Inject("q", r) {
			hits++
		}
	}
	if share := float64(hits) / n; math.Abs(share-0.3) > 0.015 {
		t.Fatalf("injected %.4f of iterations, want 0.3 ± 0.015", share)
	}
}

func TestInjectTargets(t *testing.T) {
	tests := []struct {
		name   string
		faults []*plan.Fault
		load   string
		want   float64 // share of iterations failed
	}{
		{"all loads", []*plan.Fault{errorFault("", 1, 0, 0)}, "a", 1},
		{"this load", []*plan.Fault{errorFault("a", 1, 0, 0)}, "a", 1},
		{"another load", []*plan.Fault{errorFault("b", 1, 0, 0)}, "a", 0},
		{"probability 0", []*plan.Fault{errorFault("", 0, 0, 0)}, "a", 0},
		{"not yet started", []*plan.Fault{errorFault("", 1, time.Hour, 0)}, "a", 0},
		{"no error fault", []*plan.Fault{{Kind: faultkind.DNS}}, "a", 0},
		{"two loads, one matches", []*plan.Fault{errorFault("b", 1, 0, 0), errorFault("a", 1, 0, 0)}, "a", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := Start(context.Background(), tt.faults, Controls{}, time.Now())
			defer tl.Stop()
			r := rand.New(rand.NewPCG(3, 4))
			hits := 0
			for range 100 {
				if tl.Inject(tt.load, r) {
					hits++
				}
			}
			if got := float64(hits) / 100; got != tt.want {
				t.Fatalf("injected %v of iterations, want %v", got, tt.want)
			}
		})
	}
}

func TestInjectAllocatesNothing(t *testing.T) {
	tl := Start(context.Background(),
		[]*plan.Fault{errorFault("other", 0.5, 0, 0), errorFault("", 0.5, 0, 0)}, Controls{}, time.Now())
	defer tl.Stop()
	r := rand.New(rand.NewPCG(5, 6))
	if allocs := testing.AllocsPerRun(1000, func() { tl.Inject("q", r) }); allocs != 0 {
		t.Fatalf("Inject allocates %v times per call, want 0", allocs)
	}
	var none *Timeline
	if none.Inject("q", r) {
		t.Fatal("a nil Timeline injected a failure")
	}
}

func TestInjectWindow(t *testing.T) {
	const after, duration = 40 * time.Millisecond, 60 * time.Millisecond
	start := time.Now()
	tl := Start(context.Background(), []*plan.Fault{errorFault("", 1, after, duration)}, Controls{}, start)
	defer tl.Stop()
	r := rand.New(rand.NewPCG(7, 8))
	if !eventually(5*time.Second, func() bool { return tl.Inject("q", r) }) {
		t.Fatal("the error fault never started")
	}
	if began := time.Since(start); began < after {
		t.Fatalf("the error fault started %v after the phase start, want >= %v", began, after)
	}
	if !eventually(5*time.Second, func() bool { return !tl.Inject("q", r) }) {
		t.Fatal("the error fault never ended")
	}
	if ended := time.Since(start); ended < after+duration {
		t.Fatalf("the error fault ended %v after the phase start, want >= %v", ended, after+duration)
	}
	ev := tl.Events()
	if len(ev) != 2 || ev[0].Kind != faultkind.Error || ev[1].What != "end" || ev[0].At < after || ev[1].At < after+duration {
		t.Fatalf("events = %+v, want a start at >= %v and an end at >= %v", ev, after, after+duration)
	}
}

func TestStopEndsErrorFault(t *testing.T) {
	tl := Start(context.Background(), []*plan.Fault{errorFault("", 1, 0, 0)}, Controls{}, time.Now())
	r := rand.New(rand.NewPCG(9, 10))
	if !tl.Inject("q", r) {
		t.Fatal("an error fault due at the start was not active when Start returned")
	}
	tl.Stop()
	tl.Stop() // idempotent
	if tl.Inject("q", r) {
		t.Fatal("the error fault is still active after Stop")
	}
	ev := tl.Events()
	if len(ev) != 2 || ev[1].What != "end (phase ended)" {
		t.Fatalf("events = %+v, want a start and an end at Stop", ev)
	}
}
