package faults

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// fakeServer records Down and Up calls.
type fakeServer struct {
	mu      sync.Mutex
	calls   []string
	at      []time.Time
	downErr error
}

func (s *fakeServer) Down(_ context.Context, mode string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.at = append(s.calls, "down "+mode), append(s.at, time.Now())
	return s.downErr
}

func (s *fakeServer) Up(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.at = append(s.calls, "up"), append(s.at, time.Now())
	return nil
}

func (s *fakeServer) record() ([]string, []time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.calls...), append([]time.Time(nil), s.at...)
}

func TestRestart(t *testing.T) {
	const after, downFor = 10 * time.Millisecond, 60 * time.Millisecond
	tests := []struct {
		name     string
		server   *fakeServer // nil: no server stressql started
		mode     string
		wantCall []string
		wantErr  string
	}{
		{"kill", &fakeServer{}, "kill", []string{"down kill", "up"}, ""},
		{"fast", &fakeServer{}, "fast", []string{"down fast", "up"}, ""},
		{"down fails: no up", &fakeServer{downErr: errors.New("boom")}, "kill", []string{"down kill"}, "boom"},
		{"no server: refused", nil, "kill", nil, "--ephemeral"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Controls
			if tt.server != nil {
				c.Server = tt.server
			}
			start := time.Now()
			f := &plan.Fault{Kind: faultkind.Restart, After: after, Mode: tt.mode, DownFor: downFor}
			tl := Start(context.Background(), []*plan.Fault{f}, c, start)
			want := 2
			if tt.wantErr != "" {
				want = 1
			}
			if !eventually(5*time.Second, func() bool { return len(tl.Events()) == want }) {
				t.Fatalf("events %+v, want %d", tl.Events(), want)
			}
			tl.Stop()
			evs := tl.Events()
			var calls []string
			var at []time.Time
			if tt.server != nil {
				calls, at = tt.server.record()
			}
			if strings.Join(calls, ",") != strings.Join(tt.wantCall, ",") {
				t.Fatalf("calls %v, want %v", calls, tt.wantCall)
			}
			from, ok := tl.RecoveryFrom()
			if tt.wantErr != "" {
				if evs[0].Err == nil || !strings.Contains(evs[0].Err.Error(), tt.wantErr) || ok {
					t.Fatalf("event %+v (recovery %v), want error with %q and no recovery point", evs[0], ok, tt.wantErr)
				}
				return
			}
			if !strings.HasPrefix(evs[0].What, "down:") || !strings.HasPrefix(evs[1].What, "up:") {
				t.Fatalf("events %+v, want down then up", evs)
			}
			if gap := at[1].Sub(at[0]); gap < downFor {
				t.Fatalf("up %v after down, want at least down_for %v", gap, downFor)
			}
			if !ok || from.Before(at[1]) {
				t.Fatalf("recovery from %v (ok %v), want at or after the up at %v", from, ok, at[1])
			}
			tm := tl.Timings()[0]
			if tm.Start < after || tm.End-tm.Start < downFor {
				t.Fatalf("timing %+v: want start >= after and end - start >= down_for", tm)
			}
		})
	}
}

// A phase that ends while the server is down brings it up at once.
func TestRestartUpAtStop(t *testing.T) {
	s := &fakeServer{}
	f := &plan.Fault{Kind: faultkind.Restart, Mode: "kill", DownFor: time.Hour}
	tl := Start(context.Background(), []*plan.Fault{f}, Controls{Server: s}, time.Now())
	if !eventually(5*time.Second, func() bool { c, _ := s.record(); return len(c) == 1 }) {
		t.Fatal("never went down")
	}
	tl.Stop() // bounded: Stop must not wait the hour
	if c, _ := s.record(); strings.Join(c, ",") != "down kill,up" {
		t.Fatalf("calls %v, want down then up", c)
	}
}

var _ drivers.ServerControl = (*fakeServer)(nil)
