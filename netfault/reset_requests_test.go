package netfault

import (
	"context"
	"errors"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/stressql/stressql/drivers/postgres"
)

// TestResetRequests checks the per-request reset on a real echo server:
// the spared requests of a connection pass, a reset request gets a real RST
// instead of its answer, the share follows the probability, new connections
// are not refused, and a seeded generator makes the same choices.
func TestResetRequests(t *testing.T) {
	const conns, perConn = 30, 4
	tests := []struct {
		name       string
		p          float64
		spare      int
		minR, maxR int64
		firstReset int // every connection is reset at this request (0-based); -1: never, -2: varies
	}{
		{"never", 0, 0, 0, 0, -1},
		{"always", 1, 0, conns, conns, 0},
		{"always after two spared", 1, 2, conns, conns, 2},
		{"half", 0.5, 1, 8, 29, -2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEcho(t)
			var at [2][]int // per connection: the request reset, -1 for none
			for run := range at {
				p := startProxy(t, e.addr(), WithRand(rand.New(rand.NewPCG(5, 6))))
				p.SetResetRequests(tt.p, tt.spare)
				for range conns {
					at[run] = append(at[run], requestsUntilReset(t, p.Addr(), perConn))
				}
				s := p.Stats()
				if s.ResetRequests < tt.minR || s.ResetRequests > tt.maxR || s.Reset != 0 || s.Accepted != conns {
					t.Fatalf("stats %+v: want %d accepted, none reset on accept and %d..%d reset on a request", s, conns, tt.minR, tt.maxR)
				}
				if !eventually(5*time.Second, func() bool { return p.Stats().Active == 0 }) {
					t.Fatalf("%d links still open after every client closed", p.Stats().Active)
				}
			}
			for i := range at[0] {
				if at[0][i] != at[1][i] {
					t.Fatalf("same seed, different choice for connection %d: request %d, then %d", i, at[0][i], at[1][i])
				}
				if tt.firstReset != -2 && at[0][i] != tt.firstReset {
					t.Fatalf("connection %d was reset at request %d, want %d", i, at[0][i], tt.firstReset)
				}
				if at[0][i] >= 0 && at[0][i] < tt.spare {
					t.Fatalf("connection %d was reset at request %d, one of its %d spared", i, at[0][i], tt.spare)
				}
			}
		})
	}
}

// requestsUntilReset does up to n echo round trips on one connection and
// returns the index of the one that was reset, -1 when all were answered.
func requestsUntilReset(t *testing.T, addr string, n int) int {
	t.Helper()
	c := dial(t, addr)
	defer c.Close()
	buf := make([]byte, 4)
	for i := range n {
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		_, err := c.Write([]byte("ping"))
		if err == nil {
			_, err = c.Read(buf)
		}
		switch {
		case err == nil:
		case errors.Is(err, syscall.ECONNRESET):
			return i
		default:
			t.Fatalf("request %d neither answered nor reset: %v", i, err)
		}
	}
	return -1
}

// TestResetRequestsPostgres runs the per-request reset against the real
// PostgreSQL server through pgxpool: the login passes (3 spared requests),
// a query is answered with a reset the driver classifies as "reset", the
// pool destroys that connection, and the next query runs on a newly dialled
// one.
func TestResetRequestsPostgres(t *testing.T) {
	target, via := pgConfig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := startProxy(t, target)

	pc, err := pgxpool.ParseConfig("")
	if err != nil {
		t.Fatal(err)
	}
	pc.ConnConfig = via(p.Addr())
	// sslmode=disable, as stressql's postgres driver has by default: no
	// SSLRequest turn, no fallback connection.
	pc.ConnConfig.TLSConfig, pc.ConnConfig.Fallbacks = nil, nil
	pc.MaxConns, pc.MinConns = 1, 0
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()

	p.SetResetRequests(1, 3)
	// The acquire dials: its login (startup, two SASL messages) is
	// spared; the query after it is reset.
	c, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatalf("acquire (the login must be spared): %v", err)
	}
	_, err = c.Exec(ctx, "SELECT 1")
	c.Release()
	if err == nil {
		t.Fatal("query with every request reset succeeded")
	}
	if kind := postgres.Classify(err); kind != "reset" {
		t.Fatalf("reset query: kind %q (%v), want reset", kind, err)
	}
	if s := p.Stats(); s.ResetRequests != 1 || s.Accepted != 1 {
		t.Fatalf("stats %+v: want one connection, reset on its query (%v)", s, err)
	}
	p.SetResetRequests(0, 0)
	if _, err := pool.Exec(ctx, "SELECT 1"); err != nil {
		t.Fatalf("query after the fault: %v", err)
	}
	if s := pool.Stat(); s.NewConnsCount() != 2 || s.TotalConns() != 1 {
		t.Fatalf("pool made %d connections (%d open), want the reset one replaced: 2 (1)", s.NewConnsCount(), s.TotalConns())
	}
	// pgconn also sends a cancel request on a connection of its own when
	// it closes a connection that broke mid-query: 2 or 3 accepted.
	if s := p.Stats(); s.Accepted < 2 || s.Accepted > 3 || s.ResetRequests != 1 {
		t.Fatalf("proxy stats %+v, want 2 or 3 accepted, 1 reset on a request", s)
	}
}
