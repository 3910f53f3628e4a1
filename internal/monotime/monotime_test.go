package monotime

import (
	"testing"
	"time"
)

func TestNowAdvancesWithTime(t *testing.T) {
	a, wallA := Now(), time.Now()
	time.Sleep(20 * time.Millisecond)
	b, wallB := Now(), time.Now()
	got, want := time.Duration(b-a), wallB.Sub(wallA)
	if got < 20*time.Millisecond || got > want+time.Millisecond {
		t.Fatalf("Now advanced %v over a %v sleep (wall clock: %v)", got, 20*time.Millisecond, want)
	}
	if d := ToTime(b).Sub(wallB); d < -time.Millisecond || d > time.Millisecond {
		t.Fatalf("ToTime(Now()) is %v off time.Now()", d)
	}
	if d := time.Duration(Of(wallB) - b); d < -time.Millisecond || d > time.Millisecond {
		t.Fatalf("Of(time.Now()) is %v off Now()", d)
	}
}

func BenchmarkNow(b *testing.B) {
	var sink int64
	for b.Loop() {
		sink += Now()
	}
	_ = sink
}

// TestNowIsNeverBehindTimeNow: a reading of Now taken after time.Now is
// not earlier than it on this clock (deadlines made from either agree).
func TestNowIsNeverBehindTimeNow(t *testing.T) {
	for range 100000 {
		wall := time.Now()
		if now := Now(); now < Of(wall) {
			t.Fatalf("Now() = %d before Of(time.Now()) = %d taken earlier", now, Of(wall))
		}
	}
}
