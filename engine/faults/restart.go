package faults

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// errNoServer is a restart without a server stressql started itself.
var errNoServer = errors.New("no server stressql started itself to restart: run with --ephemeral")

// upTimeout bounds bringing a restarted server up again.
const upTimeout = 30 * time.Second

// restart stops the target's server process (mode kill or fast), waits
// down_for, and starts it again on the same port and data directory. Its
// start event is when the server was down (timed from when the stop
// began), its end event when it accepted logins again; recovery is
// measured from then. When the phase ends while the server is down, it is
// started again at once, so the next phase or scenario finds it up.
func (t *Timeline) restart(i int) {
	f := t.faults[i]
	if t.c.Server == nil {
		t.mark(i, fired, "not done", errNoServer)
		return
	}
	began := t.c.Now()
	if err := t.c.Server.Down(t.ctx, f.Mode); err != nil {
		t.mark(i, fired, "not done", fmt.Errorf("stop the server (%s): %w", f.Mode, err))
		return
	}
	down := t.c.Now()
	what := "down: server killed (SIGKILL)"
	if f.Mode == "fast" {
		what = "down: server shut down (fast)"
	}
	if f.DownFor > 0 {
		what += fmt.Sprintf(", up again in %s", f.DownFor)
	}
	t.markTimes(i, fired, down, began, what, nil)
	if f.DownFor > 0 {
		timer := time.NewTimer(f.DownFor - t.c.Now().Sub(down))
		select {
		case <-timer.C:
		case <-t.stopCtx.Done():
		}
		timer.Stop()
	}
	// Up even when the run is interrupted: the server is stressql's own and
	// is removed at the end anyway, but a later phase must not find it down.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(t.ctx), upTimeout)
	defer cancel()
	if err := t.c.Server.Up(ctx); err != nil {
		t.mark(i, cleared, "not up again", fmt.Errorf("start the server again: %w", err))
		return
	}
	now := t.c.Now()
	t.recovered(now)
	t.markTimes(i, cleared, now, now, fmt.Sprintf("up: server accepting logins after %s down", now.Sub(down).Round(time.Millisecond)), nil)
}
