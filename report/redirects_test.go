package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestRedirectsLine: a Redis Cluster scenario whose slots moved prints its
// MOVED and ASK counts; with none (0 or no data) there is no such line.
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
	for _, r := range []struct{ moved, ask *int64 }{{nil, nil}, {ptr[int64](0), ptr[int64](0)}} {
		s := passing()
		s.Result.Pool.Moved, s.Result.Pool.Ask = r.moved, r.ask
		var plain bytes.Buffer
		NewConsole(&plain, ConsoleOptions{Width: 200}).ScenarioFinished(s)
		if strings.Contains(plain.String(), "redirects") {
			t.Errorf("redirects line without redirections:\n%s", plain.String())
		}
	}
}
