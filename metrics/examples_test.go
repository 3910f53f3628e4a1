package metrics

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stressql/stressql/results"
)

func TestExampleGateAdmitsOncePerKind(t *testing.T) {
	var g ExampleGate
	var admitted [64]atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				for k := range results.ErrorKinds {
					if g.Admit(k) {
						admitted[k].Add(1)
					}
				}
			}
		})
	}
	wg.Wait()
	for k, name := range results.ErrorKinds {
		if n := admitted[k].Load(); n != 1 {
			t.Errorf("%s admitted %d times, want 1", name, n)
		}
	}
	if g.Admit(-1) || g.Admit(len(results.ErrorKinds)) {
		t.Error("an index out of range was admitted")
	}
}

func TestGateRefusalDoesNotAllocate(t *testing.T) {
	var g ExampleGate
	q := kind(t, "query")
	g.Admit(q)
	if a := testing.AllocsPerRun(1000, func() { _ = g.Admit(q) }); a != 0 {
		t.Errorf("a refused Admit allocates %.1f times", a)
	}
}

func TestExamplesFillAndMerge(t *testing.T) {
	q, auth := kind(t, "query"), kind(t, "auth")
	a := NewRecorder(Options{})
	b := NewRecorder(Options{})
	a.Example(q, "ERROR: late (SQLSTATE 42P01)", 300*time.Millisecond)
	a.Example(q, "ERROR: earlier on the same recorder (SQLSTATE 42P01)", 200*time.Millisecond)
	b.Example(q, "ERROR: earliest (SQLSTATE 42P01)", 100*time.Millisecond)
	b.Example(auth, "FATAL: password authentication failed (SQLSTATE 28P01)", 1500*time.Microsecond)

	var res results.Result
	a.Fill(&res, time.Second)
	if got := res.ErrorExamples["query"]; got.Message != "ERROR: earlier on the same recorder (SQLSTATE 42P01)" || got.AtMs != 200 {
		t.Errorf("a's query example = %+v", got)
	}
	if _, ok := res.ErrorExamples["auth"]; ok || len(res.ErrorExamples) != 1 {
		t.Errorf("a has examples %v, want only query", res.ErrorExamples)
	}

	m := NewRecorder(Options{})
	Merge(m, a)
	Merge(m, b)
	m.Fill(&res, time.Second)
	want := map[string]results.ErrorExample{
		"query": {Message: "ERROR: earliest (SQLSTATE 42P01)", AtMs: 100},
		"auth":  {Message: "FATAL: password authentication failed (SQLSTATE 28P01)", AtMs: 1.5},
	}
	if len(res.ErrorExamples) != len(want) {
		t.Fatalf("merged examples %v, want %v", res.ErrorExamples, want)
	}
	for k, w := range want {
		if got := res.ErrorExamples[k]; got != w {
			t.Errorf("merged %s = %+v, want %+v", k, got, w)
		}
	}

	var none results.Result
	NewRecorder(Options{}).Fill(&none, time.Second)
	if none.ErrorExamples != nil {
		t.Errorf("a recorder without failures has examples %v", none.ErrorExamples)
	}
}

func TestExampleIsBounded(t *testing.T) {
	r := NewRecorder(Options{})
	long := strings.Repeat("é", results.MaxExampleBytes) // 2 bytes each
	r.Example(kind(t, "other"), long, 0)
	var res results.Result
	r.Fill(&res, time.Second)
	got := res.ErrorExamples["other"].Message
	if len(got) > results.MaxExampleBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("bounded message: %d bytes, valid %v, %q…", len(got), utf8.ValidString(got), got[len(got)-8:])
	}
}

func TestBound(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"0123456789abc", 10, "0123456…"},
		{"ab€€€", 8, "ab€…"},
		{"ab€€€", 7, "ab…"}, // € is 3 bytes: a cut inside one backs off
		{"abcdef", 2, "ab"},
	} {
		if got := Bound(tc.s, tc.n); got != tc.want {
			t.Errorf("Bound(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}
