package report

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stressql/stressql/results"
)

// lockedBuffer lets the test read what a Console writes from goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestProgressTerminal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	c := NewConsole(&buf, ConsoleOptions{Terminal: true, NoColor: true})
	c.ScenarioStarted(2, 5, "pool_max_size_enforcement", "postgres", 30*time.Second)
	c.Progress(results.Progress{Scenario: "pool_max_size_enforcement", I: 2, N: 5, Elapsed: 12300 * time.Millisecond,
		Expected: 30 * time.Second, Ops: 12345, Errors: 12, Rate: 1234.4, P95: 12300 * time.Microsecond})
	out := buf.String()
	want := "\r\x1b[2K[2/5] pool_max_size_enforcement  12.3s/30.0s  ops 12,345  err 12  1,234/s  p95 12.3 ms"
	if !strings.HasSuffix(out, want) {
		t.Errorf("progress line:\n got %q\nwant suffix %q", out, want)
	}
	if first := "\r\x1b[2K[2/5] pool_max_size_enforcement  0ms/30.0s  ops 0  err 0  0.00/s  p95 -"; !strings.HasPrefix(out, first) {
		t.Errorf("ScenarioStarted on a terminal draws:\n got %q\nwant prefix %q", out, first)
	}
	if strings.Contains(out, "\n") {
		t.Errorf("progress wrote a newline: %q", out)
	}

	// Finishing clears the line first, and later ticks are ignored.
	buf.Reset()
	c.ScenarioFinished(passing())
	c.Progress(results.Progress{Scenario: "late tick", I: 2, N: 5})
	out = buf.String()
	if !strings.HasPrefix(out, "\r\x1b[2KPASS  redis_basic_throughput") {
		t.Errorf("finish does not clear the progress line: %q", out)
	}
	if strings.Contains(out, "late tick") {
		t.Errorf("a tick after the scenario finished was drawn: %q", out)
	}
}

func TestProgressWidth(t *testing.T) {
	t.Parallel()
	for _, width := range []int{40, 60, 100} {
		var buf bytes.Buffer
		c := NewConsole(&buf, ConsoleOptions{Terminal: true, NoColor: true, Width: width})
		c.ScenarioStarted(10, 50, strings.Repeat("very_long_scenario_name_", 6), "redis", time.Minute)
		c.Progress(results.Progress{Scenario: strings.Repeat("very_long_scenario_name_", 6), I: 10, N: 50,
			Elapsed: time.Minute, Expected: time.Minute, Ops: 1e9, Errors: 1e6, Rate: 1e5, P95: time.Second})
		lines := strings.Split(buf.String(), "\r\x1b[2K")
		last := lines[len(lines)-1]
		if n := utf8.RuneCountInString(last); n >= width {
			t.Errorf("width %d: progress line is %d columns: %q", width, n, last)
		}
		if !strings.HasPrefix(last, "[10/50] very_long") {
			t.Errorf("width %d: %q", width, last)
		}
	}
}

func TestProgressNotTerminal(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	c := NewConsole(&buf, ConsoleOptions{})
	c.ScenarioStarted(1, 1, "s", "redis", time.Second)
	before := buf.String()
	c.Progress(results.Progress{Scenario: "s", I: 1, N: 1, Ops: 10})
	if buf.String() != before {
		t.Errorf("progress printed to a non-terminal: %q", strings.TrimPrefix(buf.String(), before))
	}
}

// TestProgressConcurrent: a ticker goroutine and the engine write at once;
// run with -race. Every write is whole: no progress text inside a block.
func TestProgressConcurrent(t *testing.T) {
	t.Parallel()
	var buf lockedBuffer
	c := NewConsole(&buf, ConsoleOptions{Terminal: true, NoColor: true})
	c.ScenarioStarted(1, 1, "s", "redis", time.Second)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := int64(0); ; i++ {
			select {
			case <-stop:
				return
			default:
				c.Progress(results.Progress{Scenario: "s", I: 1, N: 1, Ops: i})
			}
		}
	}()
	time.Sleep(5 * time.Millisecond)
	c.ScenarioFinished(passing())
	close(stop)
	wg.Wait()
	out := buf.String()
	i := strings.Index(out, "PASS")
	if i < 0 || strings.Contains(out[i:], "[1/1]") {
		t.Errorf("progress drawn after or inside the scenario block: %q", out[max(i, 0):])
	}
}

// TestProgressShowsTheLatestInterval: once the first interval is over, the
// progress line shows that interval's throughput, p99, errors and pool.
func TestProgressShowsTheLatestInterval(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	c := NewConsole(&buf, ConsoleOptions{Terminal: true, NoColor: true, Width: 160})
	c.ScenarioStarted(1, 1, "steady", "postgres", 10*time.Second)
	last := &results.Interval{TMs: 2000}
	last.Duration, last.Throughput = 1000, 199.6
	last.Ops = results.Ops{Total: 203, OK: 200, Failed: 3}
	last.Latency = results.Summary{Count: 203, P99: 12.34}
	last.Pool.InUseConns = results.Gauge{Samples: 10, Last: 4}
	last.Pool.TotalConns = results.Gauge{Samples: 10, Last: 10}
	c.Progress(results.Progress{Scenario: "steady", I: 1, N: 1, Elapsed: 3 * time.Second, Expected: 10 * time.Second,
		Ops: 600, Errors: 3, Rate: 200, P95: 2 * time.Millisecond, Last: last})
	want := "[1/1] steady  3.00s/10.0s  ops 600  err 3  last 1.00s: 199.6/s p99 12.3 ms err 3 pool 4/10"
	if got := buf.String(); !strings.Contains(got, want) {
		t.Errorf("progress line %q, want it to contain %q", got, want)
	}
}
