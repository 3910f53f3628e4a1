package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stressql/stressql/results"
)

// TestRedirectsLine: a Redis Cluster scenario whose slots moved prints its
// MOVED and ASK counts, and its pool per node; with no redirection (0 or
// no data) and one node or none there are no such lines.
func TestRedirectsLine(t *testing.T) {
	t.Parallel()
	s := passing()
	s.Result.Pool.Moved, s.Result.Pool.Ask = ptr[int64](1234), ptr[int64](7)
	var con bytes.Buffer
	NewConsole(&con, ConsoleOptions{Width: 200}).ScenarioFinished(s)
	out := strings.Join(strings.Fields(con.String()), " ")
	if want := "redirects 1,234 MOVED, 7 ASK"; !strings.Contains(out, want) {
		t.Errorf("console lacks %q:\n%s", want, con.String())
	}
	s.Result.Pool.Nodes = []results.NodePool{
		{Addr: "127.0.0.1:7000", TotalConns: gauge(3, 1, 4, 3, 4), Hits: 4010, Misses: 4},
		{Addr: "127.0.0.1:7001", TotalConns: gauge(3, 1, 3, 2, 3), Hits: 3990, Misses: 3, Timeouts: 1},
	}
	con.Reset()
	NewConsole(&con, ConsoleOptions{Width: 200}).ScenarioFinished(s)
	out = strings.Join(strings.Fields(con.String()), " ")
	for _, want := range []string{
		"node 127.0.0.1:7000 peak 4 conns 4,010 hits, 4 misses, 0 timeouts",
		"node 127.0.0.1:7001 peak 3 conns 3,990 hits, 3 misses, 1 timeouts",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("console lacks %q:\n%s", want, con.String())
		}
	}
	for _, r := range []struct{ moved, ask *int64 }{{nil, nil}, {ptr[int64](0), ptr[int64](0)}} {
		s := passing()
		s.Result.Pool.Moved, s.Result.Pool.Ask = r.moved, r.ask
		var plain bytes.Buffer
		NewConsole(&plain, ConsoleOptions{Width: 200}).ScenarioFinished(s)
		if strings.Contains(plain.String(), "redirects") || strings.Contains(plain.String(), "node ") {
			t.Errorf("redirects line without redirections:\n%s", plain.String())
		}
	}
}
