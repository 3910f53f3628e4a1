package metrics

import (
	"testing"
	"time"
)

func TestRecovery(t *testing.T) {
	t.Parallel()
	now := time.Now()
	for _, tc := range []struct {
		name  string
		setup func(m *Mark, r *Recorder)
		ok    bool
		// bounds on the measured recovery
		min, max time.Duration
	}{
		{
			name:  "no fault: no data",
			setup: func(m *Mark, r *Recorder) { r.OK(time.Millisecond, 0) },
		},
		{
			name:  "fault but no success after it: no data",
			setup: func(m *Mark, r *Recorder) { m.Set(now.Add(time.Hour)); r.OK(time.Millisecond, 0) },
		},
		{
			name: "first success after the fault end",
			setup: func(m *Mark, r *Recorder) {
				m.Set(now.Add(-50 * time.Millisecond))
				r.OK(time.Millisecond, 0)
				time.Sleep(20 * time.Millisecond)
				r.OK(time.Millisecond, 0) // not the first: ignored
			},
			ok:  true,
			min: 50 * time.Millisecond, max: 20 * time.Second,
		},
		{
			name: "failures do not end recovery",
			setup: func(m *Mark, r *Recorder) {
				m.Set(now.Add(-10 * time.Millisecond))
				r.Fail(0, time.Millisecond, 0)
			},
		},
		{
			name: "a later fault resets it",
			setup: func(m *Mark, r *Recorder) {
				m.Set(now.Add(-10 * time.Millisecond))
				r.OK(time.Millisecond, 0)
				m.Set(now.Add(time.Hour))
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := &Mark{}
			r := NewRecorder(Options{Mark: m})
			tc.setup(m, r)
			d, ok := r.Recovery(m)
			if ok != tc.ok {
				t.Fatalf("Recovery ok = %v (%v), want %v", ok, d, tc.ok)
			}
			if ok && (d < tc.min || d > tc.max) {
				t.Errorf("Recovery = %v, want in [%v, %v]", d, tc.min, tc.max)
			}
			if ms := r.RecoveryMs(m); (ms != nil) != tc.ok {
				t.Errorf("RecoveryMs = %v, want set: %v", ms, tc.ok)
			}
		})
	}
}

func TestRecoveryMerge(t *testing.T) {
	t.Parallel()
	m := &Mark{}
	m.Set(time.Now().Add(-time.Second))
	early, late, never := NewRecorder(Options{Mark: m}), NewRecorder(Options{Mark: m}), NewRecorder(Options{Mark: m})
	early.OK(time.Millisecond, 0)
	time.Sleep(30 * time.Millisecond)
	late.OK(time.Millisecond, 0)

	for _, order := range [][]*Recorder{{early, late, never}, {never, late, early}} {
		dst := NewRecorder(Options{})
		for _, r := range order {
			Merge(dst, r)
		}
		got, ok := dst.Recovery(m)
		want, _ := early.Recovery(m)
		if !ok || got != want {
			t.Errorf("merged recovery = %v, %v; want the earliest, %v", got, ok, want)
		}
	}
}

// TestMarkBeforeStart: a mark set to an instant before the process
// started (before internal/monotime's zero) is still a mark, not "unset".
func TestMarkBeforeStart(t *testing.T) {
	t.Parallel()
	m := &Mark{}
	at := time.Now().Add(-2 * time.Hour)
	m.Set(at)
	r := NewRecorder(Options{Mark: m})
	r.OK(time.Millisecond, 0)
	got, ok := r.Recovery(m)
	if want := time.Since(at); !ok || got < 2*time.Hour-time.Second || got > want {
		t.Errorf("recovery = %v, %v; want about 2h", got, ok)
	}
}
