package metrics

import (
	"sync"
	"testing"
	"time"
)

func TestBuckets(t *testing.T) {
	t.Parallel()
	if last := bucketOf(MaxValue); last >= numBuckets {
		t.Fatalf("bucketOf(MaxValue) = %d, beyond %d buckets", last, numBuckets)
	}
	prev := -1
	for _, us := range []int64{0, 1, 15, 16, 17, 31, 32, 100, 1000, 12345, 1e6, 6e7, MaxValue} {
		b := bucketOf(us)
		if b < prev {
			t.Errorf("bucketOf(%d) = %d below the previous bucket %d", us, b, prev)
		}
		prev = b
		if mid := bucketMid(b); !within(float64(mid), float64(us), 0.0625) {
			t.Errorf("bucketMid(bucketOf(%d)) = %d, more than 6.25%% off", us, mid)
		}
	}
}

func TestLiveSnapshot(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		ok      []time.Duration
		failed  int
		dropped int
		wantP95 time.Duration
	}{
		{name: "no data", wantP95: 0},
		{name: "one value", ok: []time.Duration{12 * time.Millisecond}, wantP95: 12 * time.Millisecond},
		{name: "tail", ok: repeat(95, time.Millisecond, 5, 200*time.Millisecond), failed: 3, dropped: 2,
			wantP95: time.Millisecond},
		{name: "tail beyond p95", ok: repeat(90, time.Millisecond, 10, 200*time.Millisecond),
			wantP95: 200 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			live := NewLive()
			a, b := NewRecorder(Options{Live: live}), NewRecorder(Options{Live: live})
			for i, d := range tc.ok {
				[]*Recorder{a, b}[i%2].OK(d, 0)
			}
			for range tc.failed {
				b.Fail(0, time.Millisecond, 0)
			}
			for range tc.dropped {
				a.Drop()
			}
			s := live.Snapshot()
			if s.OK != int64(len(tc.ok)) || s.Failed != int64(tc.failed) || s.Dropped != int64(tc.dropped) {
				t.Errorf("snapshot counts = %+v", s)
			}
			if s.Ops() != int64(len(tc.ok)+tc.failed+tc.dropped) {
				t.Errorf("Ops() = %d", s.Ops())
			}
			if !within(float64(s.P95), float64(tc.wantP95), 0.0625) {
				t.Errorf("P95 = %v, want about %v", s.P95, tc.wantP95)
			}
		})
	}
}

func repeat(n1 int, d1 time.Duration, n2 int, d2 time.Duration) []time.Duration {
	var out []time.Duration
	for range n1 {
		out = append(out, d1)
	}
	for range n2 {
		out = append(out, d2)
	}
	return out
}

// TestLiveConcurrent reads while workers record; run with -race.
func TestLiveConcurrent(t *testing.T) {
	t.Parallel()
	live := NewLive()
	const workers, each = 4, 2000
	var wg sync.WaitGroup
	done := make(chan struct{})
	go func() {
		defer close(done)
		var last int64
		for {
			s := live.Snapshot()
			if s.Ops() < last {
				t.Errorf("ops went backwards: %d after %d", s.Ops(), last)
			}
			last = s.Ops()
			if last == workers*each {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := NewRecorder(Options{Live: live})
			for i := range each {
				if i%10 == 0 {
					r.Fail(w%3, time.Duration(i)*time.Microsecond, 0)
				} else {
					r.OK(time.Duration(i)*time.Microsecond, 0)
				}
			}
		}()
	}
	wg.Wait()
	<-done
	s := live.Snapshot()
	if s.OK != workers*each*9/10 || s.Failed != workers*each/10 {
		t.Errorf("final snapshot = %+v", s)
	}
}

func BenchmarkLive(b *testing.B) {
	live := NewLive()
	for w := range 64 {
		r := NewRecorder(Options{Live: live})
		for i := range 1000 {
			r.OK(time.Duration(i*(w+1))*time.Microsecond, 0)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = live.Snapshot()
	}
}
